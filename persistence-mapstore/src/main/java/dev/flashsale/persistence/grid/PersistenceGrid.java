package dev.flashsale.persistence.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.order.OrderDao;
import dev.flashsale.persistence.product.ProductDao;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connects one member's grid to the database: {@link #configure} adds the map stores to the member's configuration
 * before it starts, {@link #start} wires what needs the running member (the sweeper, the metrics), and {@link #close}
 * stops them. One per member; used by the app and by tests alike.
 *
 * <ul>
 *   <li>orders: write-behind to the {@code orders} table (with their effect on {@code stock_totals}), batched,
 *       coalesced, idempotent, guarded by {@link PendingOrdersSweeper};
 *   <li>stock: loaded from {@code stock_totals}, on demand or all at start-up;
 *   <li>rules of sale: loaded from {@code products} on demand.
 * </ul>
 *
 * Thread-safe.
 */
public final class PersistenceGrid implements AutoCloseable {

    private final Database database;
    private final EngineSettings engine;
    private final PersistenceSettings settings;
    private final PersistenceMetrics metrics;
    private final WriteBackoff backoff;
    private final AtomicReference<OrderWriter> writer = new AtomicReference<>();
    private final AtomicReference<GridOrders> orders = new AtomicReference<>();
    private final AtomicReference<PendingOrdersSweeper> sweeper = new AtomicReference<>();

    private PersistenceGrid(
            Database database, EngineSettings engine, PersistenceSettings settings, MeterRegistry registry) {
        this.database = Objects.requireNonNull(database, "database");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = new WriteBackoff(settings.maxBackoff());
        this.metrics = new PersistenceMetrics(registry, this::pendingOwnedHere, this::lagSeconds);
    }

    /** Adds the map stores to {@code config}, whose engine maps {@code EngineGrid.configure} has declared already. */
    public static PersistenceGrid configure(
            Config config,
            Database database,
            EngineSettings engine,
            PersistenceSettings settings,
            MeterRegistry registry) {
        PersistenceGrid grid = new PersistenceGrid(database, engine, settings, registry);
        ProductDao products = new ProductDao(database.primary());
        mapConfig(config, InventoryMaps.ORDERS)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new OrderMapStore(
                                new OrderDao(database.primary()),
                                () -> Objects.requireNonNull(
                                        grid.writer.get(), "the orders store has not been initialised"),
                                grid::writerFor))
                        .setWriteDelaySeconds((int) settings.writeDelay().toSeconds())
                        .setWriteBatchSize(settings.writeBatchSize())
                        .setWriteCoalescing(true)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
        mapConfig(config, InventoryMaps.STOCK)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new StockMapLoader(products, engine, settings.loadAllStockOnStart()))
                        .setInitialLoadMode(
                                settings.loadAllStockOnStart()
                                        ? MapStoreConfig.InitialLoadMode.EAGER
                                        : MapStoreConfig.InitialLoadMode.LAZY));
        mapConfig(config, InventoryMaps.RULES)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new RulesMapLoader(products))
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
        return grid;
    }

    /** Starts what needs the running member: the pending-order sweeper, listening for members that leave. */
    public void start(HazelcastInstance member) {
        OrderWriter orderWriter = writerFor(member);
        PendingOrdersSweeper started = new PendingOrdersSweeper(orders.get(), orderWriter, settings);
        if (sweeper.compareAndSet(null, started)) {
            member.getCluster().addMembershipListener(started);
            started.start();
        }
    }

    /**
     * Writes every pending order this member owns to the database now, whatever its age; returns how many. For a
     * graceful shutdown, and for tests.
     */
    public int flushOwnedPending() {
        PendingOrdersSweeper running = sweeper.get();
        return running == null ? 0 : running.sweep(0);
    }

    /** Orders this member owns that the database does not have yet. */
    public long pendingOwnedHere() {
        GridOrders gridOrders = orders.get();
        return gridOrders == null ? 0 : gridOrders.pendingOwnedHere().size();
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        PendingOrdersSweeper running = sweeper.getAndSet(null);
        if (running != null) {
            running.close();
        }
    }

    private long lagSeconds() {
        PendingOrdersSweeper running = sweeper.get();
        return running == null ? 0 : running.lagSeconds();
    }

    private OrderWriter writerFor(HazelcastInstance member) {
        orders.compareAndSet(null, new GridOrders(member, engine));
        writer.compareAndSet(
                null,
                new OrderWriter(
                        new OrderDao(database.primary()),
                        orders.get(),
                        new GridInventory(member, engine),
                        metrics,
                        backoff));
        return writer.get();
    }

    private static MapConfig mapConfig(Config config, String name) {
        MapConfig map = config.getMapConfigOrNull(name);
        if (map == null) {
            throw new IllegalStateException("map " + name + " is not configured: call EngineGrid.configure first");
        }
        return map;
    }
}
