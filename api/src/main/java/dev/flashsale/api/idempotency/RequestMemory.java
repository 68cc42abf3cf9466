package dev.flashsale.api.idempotency;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.flashsale.engine.grid.GridCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The buyers' requests remembered under their {@code Idempotency-Key}, in the grid map {@link #MAP} (one synchronous
 * backup, kept {@link #RETENTION} after the last change): the same key with the same request answers the same, from
 * any node, also after the node that first answered died; the same key with another request is refused.
 *
 * <p>An attempt {@linkplain #claim claims} the key before it changes anything, and records the answer once it has one
 * ({@link #answer}). An attempt that ends without an answer it may give again (the grid or the payment provider was
 * unavailable) {@linkplain #abandon abandons} the key, so that the buyer's retry runs at once. A claim whose node left
 * the cluster, or that is older than {@code takeOverAfter}, is taken over by the next attempt, which resumes the
 * request under the same order id.
 *
 * <p>Thread-safe.
 */
public final class RequestMemory {

    public static final String MAP = "inventory.requests";

    /** How long a key is remembered after its last change: the contract asks for at least 24 hours. */
    public static final Duration RETENTION = Duration.ofHours(25);

    private final IMap<String, RememberedRequest> requests;
    private final HazelcastInstance member;
    private final GridCalls calls;
    private final Duration takeOverAfter;
    private final Clock clock;

    public RequestMemory(HazelcastInstance member, Duration callDeadline, Duration takeOverAfter, Clock clock) {
        this.member = Objects.requireNonNull(member, "member");
        this.calls = new GridCalls(callDeadline);
        this.requests = calls.map(member, MAP);
        this.takeOverAfter = Objects.requireNonNull(takeOverAfter, "takeOverAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Claims {@code key} of {@code buyerId} for a request that asks {@code fingerprint}; a new request gets its order id
     * from {@code newOrderId}.
     */
    public RequestClaim claim(String buyerId, String key, String fingerprint, LongSupplier newOrderId) {
        String mapKey = mapKey(buyerId, key);
        String token = UUID.randomUUID().toString();
        String self = member.getCluster().getLocalMember().getUuid().toString();
        RememberedRequest fresh =
                RememberedRequest.started(fingerprint, token, self, newOrderId.getAsLong(), clock.millis());
        while (true) {
            RememberedRequest existing = calls.call(() -> requests.putIfAbsent(mapKey, fresh));
            if (existing == null || existing.claimToken().equals(token)) {
                return new RequestClaim.Run(mapKey, token, fresh.orderId(), fresh.startedAtMillis(), false);
            }
            if (!existing.fingerprint().equals(fingerprint)) {
                return new RequestClaim.KeyReused();
            }
            if (existing.answered()) {
                return new RequestClaim.Replay(existing.answer());
            }
            if (!free(existing)) {
                return new RequestClaim.Running();
            }
            RememberedRequest takenOver = existing.ownedBy(token, self);
            boolean replaced = calls.call(
                    () -> requests.replace(mapKey, existing, takenOver) || takenOver.equals(requests.get(mapKey)));
            if (replaced) {
                return new RequestClaim.Run(mapKey, token, existing.orderId(), existing.startedAtMillis(), true);
            }
            // Another attempt changed the entry first: look again.
        }
    }

    /** Records the answer of the attempt {@code run}, unless another attempt took the key over meanwhile. */
    public void answer(RequestClaim.Run run, StoredAnswer answer) {
        calls.call(() -> requests.executeOnKey(run.key(), new AnswerRequestProcessor(run.claimToken(), answer)));
    }

    /** Lets the next attempt of the request run at once: this one ends without an answer to remember. */
    public void abandon(RequestClaim.Run run) {
        calls.call(() -> requests.executeOnKey(run.key(), new AbandonRequestProcessor(run.claimToken())));
    }

    /**
     * Whether an attempt of the buyer's request {@code key} may still be running: the request is unanswered and its
     * attempt's node is in the cluster, and it is younger than {@code takeOverAfter}. False when the request is unknown
     * (never made, or forgotten, as after a restart of the whole cluster).
     */
    public boolean attemptRunning(String buyerId, String key) {
        RememberedRequest request = calls.call(() -> requests.get(mapKey(buyerId, key)));
        return request != null && !request.answered() && !free(request);
    }

    private boolean free(RememberedRequest request) {
        if (request.ownerMember().isEmpty()) {
            return true;
        }
        if (clock.millis() - request.startedAtMillis() > takeOverAfter.toMillis()) {
            return true;
        }
        Set<String> members = member.getCluster().getMembers().stream()
                .map(Member::getUuid)
                .map(UUID::toString)
                .collect(Collectors.toSet());
        return !members.contains(request.ownerMember());
    }

    /** The map key: the buyer's id, length-prefixed so that no two (buyer, key) pairs collide, then the key. */
    static String mapKey(String buyerId, String key) {
        return buyerId.length() + ":" + buyerId + key;
    }
}
