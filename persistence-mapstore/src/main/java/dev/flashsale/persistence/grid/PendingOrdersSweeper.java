package dev.flashsale.persistence.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.order.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own guarantee on top of Hazelcast's best-effort write-behind: an order stays in the grid, with a synchronous
 * backup, as long as it is pending, and every member writes again the pending orders it owns
 *
 * <ul>
 *   <li>whenever a member leaves, once its partitions are promoted — a member killed with its write-behind queue may
 *       have taken queued writes with it, while its orders live on in the backups that are now primaries here;
 *   <li>and every {@code sweepInterval}, for orders pending longer than {@code sweepAge} (a lost queue entry, a store
 *       that kept failing).
 * </ul>
 *
 * Writes are idempotent, so writing an order the queue also writes is harmless. Runs on its own thread. Thread-safe.
 */
final class PendingOrdersSweeper implements MembershipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PendingOrdersSweeper.class);

    /** How long a sweep after a member left waits for that member's partitions to be promoted elsewhere. */
    private static final long PROMOTION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final GridOrders orders;
    private final OrderWriter writer;
    private final PartitionService partitions;
    private final PersistenceSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pending-orders-sweeper").daemon().factory());
    private final AtomicLong oldestPendingMillis = new AtomicLong(Long.MAX_VALUE);

    PendingOrdersSweeper(
            GridOrders orders, OrderWriter writer, PartitionService partitions, PersistenceSettings settings) {
        this.orders = Objects.requireNonNull(orders, "orders");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    void start() {
        long period = settings.sweepInterval().toMillis();
        thread.scheduleWithFixedDelay(
                () -> sweepSafely(settings.sweepAge().toMillis()), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        // Partitions moving to a new member carry their pending orders with them; nothing to do here.
    }

    /**
     * Writes again every pending order this member owns once the partitions of the member that left have been
     * promoted: when the event arrives, the departed member's backups here are not primaries yet, so a sweep at once
     * would miss exactly the orders it is for.
     */
    @Override
    public void memberRemoved(MembershipEvent event) {
        Member departed = event.getMember();
        LOG.info("member {} left; writing again every pending order this member owns once it took over", departed);
        long giveUpAt = System.nanoTime() + PROMOTION_WAIT_NANOS;
        try {
            thread.execute(() -> sweepOnceTakenOver(departed, giveUpAt));
        } catch (RejectedExecutionException closed) {
            LOG.debug("the sweeper is closed; not sweeping after {} left", departed);
        }
    }

    private void sweepOnceTakenOver(Member departed, long giveUpAt) {
        if (stillOwnsPartitions(departed) && System.nanoTime() - giveUpAt < 0) {
            thread.schedule(() -> sweepOnceTakenOver(departed, giveUpAt), 100, TimeUnit.MILLISECONDS);
            return;
        }
        sweepSafely(0);
    }

    /** Whether the partition table still names {@code departed} (or no one) as the owner of some partition. */
    private boolean stillOwnsPartitions(Member departed) {
        for (Partition partition : partitions.getPartitions()) {
            Member owner = partition.getOwner();
            if (owner == null || owner.getUuid().equals(departed.getUuid())) {
                return true;
            }
        }
        return false;
    }

    /** Seconds the oldest pending order this member owns has waited, as of the last sweep. */
    long lagSeconds() {
        long oldest = oldestPendingMillis.get();
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000);
    }

    /** Writes the pending orders owned here that have waited at least {@code minAgeMillis}; returns how many. */
    int sweep(long minAgeMillis) {
        long now = System.currentTimeMillis();
        long oldest = Long.MAX_VALUE;
        List<Order> due = new ArrayList<>();
        for (Long id : orders.pendingOwnedHere()) {
            Optional<Order> order = orders.get(id).filter(Order::pending);
            if (order.isEmpty()) {
                continue;
            }
            oldest = Math.min(oldest, order.get().updatedAtMillis());
            if (now - order.get().updatedAtMillis() >= minAgeMillis) {
                due.add(order.get());
            }
            if (due.size() >= 500) {
                writer.write(due);
                due.clear();
            }
        }
        oldestPendingMillis.set(oldest);
        if (!due.isEmpty()) {
            writer.write(due);
        }
        return due.size();
    }

    private void sweepSafely(long minAgeMillis) {
        try {
            int written = sweep(minAgeMillis);
            if (written > 0) {
                LOG.info("wrote {} pending orders again", written);
            }
        } catch (RuntimeException failure) {
            LOG.warn("sweeping pending orders failed; the next sweep retries: {}", failure.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
