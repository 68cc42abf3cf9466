package dev.flashsale.api.idempotency;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import dev.flashsale.api.grid.RecordSerializer;
import java.util.List;

/** Compact serializers of the remembered requests and the processors that change them. Stateless. */
public final class IdempotencySerializers {

    private IdempotencySerializers() {}

    public static List<CompactSerializer<?>> all() {
        return List.of(
                RecordSerializer.of(
                        RememberedRequest.class,
                        "RememberedRequest",
                        IdempotencySerializers::writeRequest,
                        in -> new RememberedRequest(
                                in.readString("fingerprint"),
                                in.readString("claimToken"),
                                in.readString("ownerMember"),
                                in.readInt64("orderId"),
                                in.readInt64("startedAtMillis"),
                                in.readInt32("status"),
                                in.readString("body"),
                                in.readString("location"))),
                RecordSerializer.of(
                        StoredAnswer.class,
                        "StoredAnswer",
                        (out, answer) -> {
                            out.writeInt32("status", answer.status());
                            out.writeString("body", answer.body());
                            out.writeString("location", answer.location());
                        },
                        IdempotencySerializers::readAnswer),
                RecordSerializer.of(
                        AnswerRequestProcessor.class,
                        "AnswerRequest",
                        (out, processor) -> {
                            out.writeString("claimToken", processor.claimToken());
                            out.writeCompact("answer", processor.answer());
                        },
                        in -> new AnswerRequestProcessor(in.readString("claimToken"), in.readCompact("answer"))),
                RecordSerializer.of(
                        AbandonRequestProcessor.class,
                        "AbandonRequest",
                        (out, processor) -> out.writeString("claimToken", processor.claimToken()),
                        in -> new AbandonRequestProcessor(in.readString("claimToken"))));
    }

    private static void writeRequest(CompactWriter out, RememberedRequest request) {
        out.writeString("fingerprint", request.fingerprint());
        out.writeString("claimToken", request.claimToken());
        out.writeString("ownerMember", request.ownerMember());
        out.writeInt64("orderId", request.orderId());
        out.writeInt64("startedAtMillis", request.startedAtMillis());
        out.writeInt32("status", request.status());
        out.writeString("body", request.body());
        out.writeString("location", request.location());
    }

    private static StoredAnswer readAnswer(CompactReader in) {
        return new StoredAnswer(in.readInt32("status"), in.readString("body"), in.readString("location"));
    }
}
