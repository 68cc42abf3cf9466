package dev.flashsale.engine.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.flashsale.engine.grid.internal.LedgerKey;
import dev.flashsale.engine.ledger.BuyerLedger;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every member: every {@link EngineSettings#reapInterval()}, finds the ledgers this member owns that have an
 * overdue claim (an index on their next deadline makes that a range lookup) and recovers them — expired holds go back
 * on sale, stalled settlements finish, and claims whose caller vanished are fenced off. Because each member looks
 * after the partitions it owns, holds expire even when the member that created them died.
 *
 * <p>Thread-safe; runs on its own single thread, never on a partition thread.
 */
public final class LedgerReaper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerReaper.class);

    private final IMap<LedgerKey, BuyerLedger> ledgers;
    private final GridInventory inventory;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong expiredHolds = new AtomicLong();
    private final AtomicLong abortedClaims = new AtomicLong();

    private LedgerReaper(HazelcastInstance hazelcast, GridInventory inventory) {
        this.ledgers = new GridCalls(Duration.ofSeconds(60)).map(hazelcast, InventoryMaps.LEDGERS);
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ledger-reaper").daemon().factory());
    }

    /** Starts reaping on this member. */
    public static LedgerReaper start(HazelcastInstance hazelcast, GridInventory inventory, EngineSettings settings) {
        LedgerReaper reaper = new LedgerReaper(hazelcast, inventory);
        long period = settings.reapInterval().toMillis();
        reaper.scheduler.scheduleWithFixedDelay(reaper::reapSafely, period, period, TimeUnit.MILLISECONDS);
        return reaper;
    }

    /** Holds released by expiry on this member since start. */
    public long expiredHolds() {
        return expiredHolds.get();
    }

    /** Claims fenced off on this member since start. */
    public long abortedClaims() {
        return abortedClaims.get();
    }

    /** One pass over the overdue ledgers this member owns. */
    public void reap() {
        long now = System.currentTimeMillis();
        Set<LedgerKey> overdue = ledgers.localKeySet(Predicates.lessEqual("nextDeadline", now));
        for (LedgerKey key : overdue) {
            GridInventory.Recovered recovered = inventory.recover(key.productId(), key.buyerId(), now);
            expiredHolds.addAndGet(recovered.expiredHolds());
            abortedClaims.addAndGet(recovered.abortedClaims());
        }
    }

    private void reapSafely() {
        try {
            reap();
        } catch (RuntimeException failure) {
            LOG.warn("ledger recovery pass failed; the next pass retries: {}", failure.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
