package dev.flashsale.api.product;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * This node's memory of the products its callers recently found sold out, so that the purchase path can refuse a
 * sold-out product without a round trip to the product's owner: the saga calls {@link #markSoldOut} when the owner
 * answers {@code SoldOut}, and asks {@link #isSoldOut} before it asks the owner.
 *
 * <p><b>Guarantee.</b> The owner of the product's stock stays the authority for any sale: this memory only answers
 * "sold out" early, never "available", so it can refuse a purchase the owner would now accept but never lets through
 * one the owner would refuse. A mark lasts at most the time to live ({@code inventory.products.sold-out-ttl}, default
 * 500 ms), so units that come back without a restock (a released or expired hold, a reversed sale) are seen again at
 * most that long after. A restock reopens the product at once on every node: {@link #reopen} clears it here and
 * announces it on the Hazelcast topic {@value #REOPENED_TOPIC}, and every node clears it when the message arrives
 * (milliseconds). A mark made while a reopen is on its way (an owner's answer from before the restock) may outlive the
 * reopen, for at most the time to live.
 *
 * <p>Thread-safe and lock-free; a topic message is handled on a Hazelcast event thread without blocking it. Memory is
 * one entry per marked product; expired marks are dropped when read, and all of them once more than {@value
 * #PRUNE_ABOVE} products are marked.
 */
public final class SoldOutProducts implements AutoCloseable {

    /** The topic on which restocked product ids are announced to every node. */
    public static final String REOPENED_TOPIC = "inventory.products.reopened";

    static final int PRUNE_ABOVE = 10_000;

    private final ConcurrentHashMap<Long, Long> soldOutUntil = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer announceReopen;
    private volatile Runnable stopListening = () -> {};

    /**
     * @param ttl how long a mark lasts
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     * @param announceReopen tells every node that a product reopened
     */
    SoldOutProducts(Duration ttl, LongSupplier nanoTime, LongConsumer announceReopen) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the sold-out time to live is positive: " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.announceReopen = Objects.requireNonNull(announceReopen, "announceReopen");
    }

    /** The node's memory, hearing and announcing reopened products on {@value #REOPENED_TOPIC}. */
    static SoldOutProducts on(HazelcastInstance hazelcast, Duration ttl) {
        ITopic<Long> topic = hazelcast.getTopic(REOPENED_TOPIC);
        SoldOutProducts products = new SoldOutProducts(ttl, System::nanoTime, topic::publish);
        UUID registration = topic.addMessageListener(message -> products.forget(message.getMessageObject()));
        products.stopListening = () -> topic.removeMessageListener(registration);
        return products;
    }

    /** Whether the product was found sold out on this node less than the time to live ago, and not reopened since. */
    public boolean isSoldOut(long productId) {
        Long until = soldOutUntil.get(productId);
        if (until == null) {
            return false;
        }
        if (nanoTime.getAsLong() - until < 0) {
            return true;
        }
        soldOutUntil.remove(productId, until);
        return false;
    }

    /** Remembers that the product's owner answered "sold out" just now; the mark lasts the time to live. */
    public void markSoldOut(long productId) {
        long now = nanoTime.getAsLong();
        if (soldOutUntil.size() >= PRUNE_ABOVE) {
            soldOutUntil.values().removeIf(until -> now - until >= 0);
        }
        soldOutUntil.put(productId, now + ttlNanos);
    }

    /** Forgets the product's mark here at once and on every other node as soon as they hear of it (a restock). */
    public void reopen(long productId) {
        forget(productId);
        announceReopen.accept(productId);
    }

    /** Products marked now, expired marks not yet dropped included. */
    int marked() {
        return soldOutUntil.size();
    }

    /** Forgets the product's mark on this node only: another node announced that it reopened. */
    void forget(long productId) {
        soldOutUntil.remove(productId);
    }

    /** Stops hearing other nodes' announcements. */
    @Override
    public void close() {
        stopListening.run();
    }
}
