package dev.flashsale.api.grid;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A compact serializer written as two lambdas, for the API's own grid types. Type names are {@code flashsale.api.*}.
 * Stateless and thread-safe.
 */
public final class RecordSerializer<T> implements CompactSerializer<T> {

    private final Class<T> type;
    private final String typeName;
    private final BiConsumer<CompactWriter, T> writer;
    private final Function<CompactReader, T> reader;

    private RecordSerializer(
            Class<T> type, String typeName, BiConsumer<CompactWriter, T> writer, Function<CompactReader, T> reader) {
        this.type = Objects.requireNonNull(type, "type");
        this.typeName = "flashsale.api." + Objects.requireNonNull(typeName, "typeName");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    public static <T> RecordSerializer<T> of(
            Class<T> type, String typeName, BiConsumer<CompactWriter, T> writer, Function<CompactReader, T> reader) {
        return new RecordSerializer<>(type, typeName, writer, reader);
    }

    @Override
    public T read(CompactReader in) {
        return reader.apply(in);
    }

    @Override
    public void write(CompactWriter out, T value) {
        writer.accept(out, value);
    }

    @Override
    public String getTypeName() {
        return typeName;
    }

    @Override
    public Class<T> getCompactClass() {
        return type;
    }
}
