package dev.flashsale.persistence.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.PrimaryCheck;
import dev.flashsale.persistence.inventorylog.OperationId;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.StockTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every member to a new primary database without a restart, once an operator has promoted the replica.
 *
 * <p>A member never decides on its own that the primary moved: two members deciding each for itself could write to
 * two primaries. The administrator announces the new address ({@link #announce}), which checks that it is reachable
 * and writable and stores it with the next epoch under one key of the map {@link #MAP} (a synchronous backup, no
 * eviction). Every member listens to that map, and also reads it every {@code sweepInterval} and when it starts; when
 * it finds an epoch newer than the one it applied, it
 *
 * <ol>
 *   <li>switches its pool ({@link Database#switchPrimary}); if the new primary is not usable from this member, it
 *       logs why and tries again at the next reading;
 *   <li>raises each product's {@code received} on the new primary to the grid's figure, for the products whose stock
 *       it owns (a restock the old primary committed but never shipped; op id {@code failover-<epoch>-<product>});
 *   <li>writes again every order it owns that changed within {@code rewriteWindow}, persisted or not: the old primary
 *       may have committed them without shipping them to the replica. Writes are idempotent upserts keyed by the order
 *       id, with log op ids {@code order-<id>-<kind>}, so an order the new primary has already changes nothing.
 * </ol>
 *
 * Pending orders need nothing more: their writes failed against the dead primary and are retried on the new pool by
 * the write-behind queue and the sweeper. Runs on its own thread. Thread-safe.
 */
public final class PrimaryFailover implements AutoCloseable {

    /** The map of the cluster's database settings; holds one key, {@link #PRIMARY}. */
    public static final String MAP = "inventory.config";

    /** The key of the announced {@link PrimaryAddress}. */
    static final String PRIMARY = "database.primary";

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryFailover.class);
    private static final int BATCH = 500;

    private final Database database;
    private final HazelcastInstance member;
    private final IMap<String, PrimaryAddress> config;
    private final GridOrders orders;
    private final GridInventory inventory;
    private final OrderWriter writer;
    private final ProductDao products;
    private final PersistenceSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("primary-failover").daemon().factory());
    private final AtomicLong switchedEpoch = new AtomicLong();
    private final AtomicLong rewrittenEpoch = new AtomicLong();
    private volatile UUID listener;

    PrimaryFailover(
            Database database,
            HazelcastInstance member,
            GridOrders orders,
            GridInventory inventory,
            OrderWriter writer,
            PersistenceSettings settings) {
        this.database = Objects.requireNonNull(database, "database");
        this.member = Objects.requireNonNull(member, "member");
        this.config = member.getMap(MAP);
        this.orders = Objects.requireNonNull(orders, "orders");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.products = new ProductDao(database.primary());
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Follows the announced primary from now on: applies it at once (before the caller starts writing), then on every
     * announcement and every {@code sweepInterval}.
     */
    void start() {
        followSafely();
        listener = config.addEntryListener(new Announcements(), true);
        long period = settings.sweepInterval().toMillis();
        thread.scheduleWithFixedDelay(this::followSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes {@code url} the cluster's primary, if it can be one (see {@link Database#checkPrimary}, asked from this
     * member): stores it with the next epoch, and every member, this one included, switches to it shortly after.
     * Announcing the primary already announced changes nothing.
     */
    public PrimaryAnnouncement announce(String url) {
        PrimaryCheck check = database.checkPrimary(url);
        if (!(check instanceof PrimaryCheck.Usable)) {
            return new PrimaryAnnouncement.Refused(check);
        }
        while (true) {
            PrimaryAddress current = config.get(PRIMARY);
            if (current != null && current.url().equals(url)) {
                return new PrimaryAnnouncement.Announced(current, false);
            }
            PrimaryAddress next = current == null ? new PrimaryAddress(url, 1) : current.next(url);
            boolean stored = current == null
                    ? config.putIfAbsent(PRIMARY, next) == null
                    : config.replace(PRIMARY, current, next);
            if (stored) {
                LOG.warn("the administrator announced a new primary: {} (epoch {})", url, next.epoch());
                wakeUp();
                return new PrimaryAnnouncement.Announced(next, true);
            }
        }
    }

    /** The primary the administrator last announced; empty while the configured primary was never replaced. */
    public Optional<PrimaryAddress> announced() {
        return Optional.ofNullable(config.get(PRIMARY));
    }

    /** The epoch this member has switched to (0: the configured primary). */
    public long switchedEpoch() {
        return switchedEpoch.get();
    }

    /** Whether this member has switched to the announced primary and written its recent orders there. */
    public boolean settled() {
        long announcedEpoch = announced().map(PrimaryAddress::epoch).orElse(0L);
        return rewrittenEpoch.get() >= announcedEpoch;
    }

    private void wakeUp() {
        try {
            thread.execute(this::followSafely);
        } catch (RejectedExecutionException closed) {
            LOG.debug("closed; not following the announced primary");
        }
    }

    private void followSafely() {
        try {
            follow();
        } catch (RuntimeException failure) {
            LOG.warn(
                    "could not follow the announced primary; trying again in {}: {}",
                    settings.sweepInterval(),
                    failure.toString());
        }
    }

    private synchronized void follow() {
        if (!member.getLifecycleService().isRunning()) {
            return;
        }
        PrimaryAddress address = config.get(PRIMARY);
        if (address == null || address.epoch() <= rewrittenEpoch.get()) {
            return;
        }
        if (address.epoch() > switchedEpoch.get()) {
            String from = database.primaryUrl();
            PrimaryCheck check = database.switchPrimary(address.url());
            if (!(check instanceof PrimaryCheck.Usable)) {
                LOG.error(
                        "the announced primary {} (epoch {}) is not usable from this member, which stays on {}: {}",
                        address.url(),
                        address.epoch(),
                        from,
                        check);
                return;
            }
            switchedEpoch.set(address.epoch());
            LOG.warn("switched the primary from {} to {} (epoch {})", from, address.url(), address.epoch());
        }
        rewrite(address.epoch());
        rewrittenEpoch.set(address.epoch());
    }

    /** Raises the stock received to the grid's figures, then writes again the recent orders this member owns. */
    private void rewrite(long epoch) {
        long started = System.nanoTime();
        int raised = raiseReceived(epoch);
        long since = System.currentTimeMillis() - settings.rewriteWindow().toMillis();
        List<Order> batch = new ArrayList<>();
        int written = 0;
        for (Long id : orders.changedOwnedHere(since)) {
            orders.get(id).ifPresent(batch::add);
            if (batch.size() >= BATCH) {
                writer.rewrite(batch);
                written += batch.size();
                batch.clear();
            }
        }
        writer.rewrite(batch);
        written += batch.size();
        LOG.warn(
                "wrote again to the new primary (epoch {}): {} orders changed in the last {}, {} products' stock received"
                        + " raised, in {} ms",
                epoch,
                written,
                settings.rewriteWindow(),
                raised,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private int raiseReceived(long epoch) {
        Set<Long> owned = member.<Long, Object>getMap(InventoryMaps.STOCK).localKeySet();
        List<Long> ids = List.copyOf(owned);
        int raised = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            Map<Long, Stock> stock = inventory.availabilities(ids.subList(from, Math.min(ids.size(), from + BATCH)));
            Map<Long, StockTotals> stored = products.stockTotals(stock.keySet());
            for (Map.Entry<Long, Stock> entry : stock.entrySet()) {
                long product = entry.getKey();
                long received = entry.getValue().received();
                StockTotals totals = stored.get(product);
                if (totals != null && totals.received() < received) {
                    products.raiseReceived(product, received, OperationId.of("failover-" + epoch + "-" + product));
                    raised++;
                }
            }
        }
        return raised;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        UUID registered = listener;
        if (registered != null && member.getLifecycleService().isRunning()) {
            config.removeEntryListener(registered);
        }
    }

    /** Wakes the member's thread on every announcement; never works on Hazelcast's event thread. */
    private final class Announcements
            implements EntryAddedListener<String, PrimaryAddress>, EntryUpdatedListener<String, PrimaryAddress> {

        @Override
        public void entryAdded(EntryEvent<String, PrimaryAddress> event) {
            wakeUp();
        }

        @Override
        public void entryUpdated(EntryEvent<String, PrimaryAddress> event) {
            wakeUp();
        }
    }
}
