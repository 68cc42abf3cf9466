package dev.flashsale.persistence.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridCalls;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.order.OrderDao;
import dev.flashsale.persistence.product.ProductDao;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one member's grid to the database: {@link #configure} adds the map stores to the member's configuration
 * before it starts, {@link #start} wires what needs the running member (the sweeper, the metrics), and {@link #close}
 * stops them. One per member; used by the app and by tests alike.
 *
 * <ul>
 *   <li>orders: write-behind to the {@code orders} table (with their effect on {@code stock_totals}), batched,
 *       coalesced, idempotent, guarded by {@link PendingOrdersSweeper};
 *   <li>stock: loaded from {@code stock_totals}, on demand or all at start-up;
 *   <li>rules of sale: loaded from {@code products} on demand;
 *   <li>the catalogue ({@code inventory.products}): loaded from {@code products} on demand, then near-cached on every
 *       member; {@link CatalogueAdmin} publishes products created afterwards.
 * </ul>
 *
 * Thread-safe.
 */
public final class PersistenceGrid implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PersistenceGrid.class);

    private final Database database;
    private final EngineSettings engine;
    private final PersistenceSettings settings;
    private final PersistenceMetrics metrics;
    private final WriteBackoff backoff;
    private final AtomicReference<HazelcastInstance> member = new AtomicReference<>();
    private final AtomicReference<OrderWriter> writer = new AtomicReference<>();
    private final AtomicReference<GridInventory> inventory = new AtomicReference<>();
    private final AtomicReference<GridOrders> orders = new AtomicReference<>();
    private final AtomicReference<PendingOrdersSweeper> sweeper = new AtomicReference<>();
    private final AtomicReference<PrimaryFailover> failover = new AtomicReference<>();

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
        config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new PrimaryAddress.Serializer());
        config.addMapConfig(new MapConfig(PrimaryFailover.MAP).setBackupCount(1).setAsyncBackupCount(0));
        PrimaryLoads primary = new PrimaryLoads();
        mapConfig(config, InventoryMaps.ORDERS)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(
                                new OrderMapStore(grid::writer, new OrderDao(database.primary()), grid::bind))
                        .setWriteDelaySeconds((int) settings.writeDelay().toSeconds())
                        .setWriteBatchSize(settings.writeBatchSize())
                        .setWriteCoalescing(true)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
        mapConfig(config, InventoryMaps.STOCK)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(
                                new StockMapLoader(products, engine, settings.loadAllStockOnStart(), primary))
                        .setInitialLoadMode(
                                settings.loadAllStockOnStart()
                                        ? MapStoreConfig.InitialLoadMode.EAGER
                                        : MapStoreConfig.InitialLoadMode.LAZY));
        mapConfig(config, InventoryMaps.RULES)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new RulesMapLoader(products, primary))
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
        mapConfig(config, InventoryMaps.PRODUCTS)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new ProductMapLoader(products, primary))
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
        return grid;
    }

    /**
     * Starts what needs the running member: the primary's address as the cluster announced it ({@link
     * PrimaryFailover}, which switches this member's pool at once if the primary moved); the pending-order sweeper,
     * listening for members that leave; and settles the loaders' initial key loading before the first purchase (see
     * {@link #settleInitialLoading}).
     */
    public void start(HazelcastInstance member) {
        bind(member);
        OrderWriter orderWriter = writer();
        PrimaryFailover following =
                new PrimaryFailover(database, member, orders.get(), inventory.get(), orderWriter, settings);
        if (failover.compareAndSet(null, following)) {
            following.start();
        }
        PendingOrdersSweeper started =
                new PendingOrdersSweeper(orders.get(), orderWriter, member.getPartitionService(), settings);
        if (sweeper.compareAndSet(null, started)) {
            member.getCluster().addMembershipListener(started);
            started.start();
        }
        settleInitialLoading(member);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                Thread.ofVirtual().name("orders-after-merge").start(() -> loadPendingAfterMerge(member));
            }
        });
    }

    /**
     * After this member merged into another side of a split, loads the orders the database has as {@code PENDING}
     * and the grid does not, so that the open-order sweeper settles them. A member cut off from the quorum could still
     * write orders it placed in the seconds before it knew (their buyers were answered 503); the merge drops its
     * entries, the side that kept the quorum being the authority, but not the rows already written. {@code
     * loadAll(false)} lists the database's pending orders ({@code OrderMapStore.loadAllKeys}) and replaces no order the
     * grid has.
     */
    private void loadPendingAfterMerge(HazelcastInstance member) {
        try {
            loadMissing(member, List.of(InventoryMaps.ORDERS));
            log.info("merged into another side of a split: loaded the orders the database still has as pending");
        } catch (RuntimeException failure) {
            log.warn(
                    "merged into another side of a split, but could not load the orders the database has as"
                            + " pending; the next start of a member does: {}",
                    failure.toString());
        }
    }

    /**
     * Runs Hazelcast's initial key loading of the orders, stock, rules and products maps now and waits for it. The
     * stock, rules and products loaders list no keys (their entries load when first touched; with {@code
     * loadAllStockOnStart} the stock map is loaded eagerly, which {@code getMap} already waited for); the orders loader
     * lists the database's pending orders, which this loads so that the open-order sweeper settles them. Hazelcast runs
     * its key-loading handshake between partitions when a map is first used, and an operation that arrives before the
     * handshake settled is retried only after a delayed re-trigger: the first purchases after a start stalled for 5 to
     * 12 s. {@code IMap.loadAll(false)} runs the handshake at once and waits for it; it replaces no value.
     */
    private void settleInitialLoading(HazelcastInstance member) {
        List<String> maps = settings.loadAllStockOnStart()
                ? List.of(InventoryMaps.ORDERS, InventoryMaps.RULES, InventoryMaps.PRODUCTS)
                : List.of(InventoryMaps.ORDERS, InventoryMaps.STOCK, InventoryMaps.RULES, InventoryMaps.PRODUCTS);
        loadMissing(member, maps);
    }

    /** {@code IMap.loadAll(false)} of each map, in order: what its loader lists and the grid lacks, nothing replaced. */
    private void loadMissing(HazelcastInstance member, List<String> maps) {
        GridCalls calls = new GridCalls(engine.callDeadline());
        for (String name : maps) {
            calls.call(() -> {
                calls.map(member, name).loadAll(false);
                return name;
            });
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

    /**
     * Age in seconds of the oldest order this member owns that the database does not have yet, as of the sweeper's
     * last pass (every {@code sweepInterval}); 0 when none, or before the sweeper ran.
     */
    public long lagSeconds() {
        PendingOrdersSweeper running = sweeper.get();
        return running == null ? 0 : running.lagSeconds();
    }

    public Database database() {
        return database;
    }

    /**
     * Where the cluster's primary is and how to move it (see {@link PrimaryFailover}).
     *
     * @throws IllegalStateException before {@link #start}
     */
    public PrimaryFailover failover() {
        PrimaryFailover started = failover.get();
        if (started == null) {
            throw new IllegalStateException("the persistence of this member has not started");
        }
        return started;
    }

    @Override
    public void close() {
        PrimaryFailover following = failover.getAndSet(null);
        if (following != null) {
            following.close();
        }
        PendingOrdersSweeper running = sweeper.getAndSet(null);
        if (running != null) {
            running.close();
        }
        GridInventory built = inventory.get();
        if (built != null) {
            built.close();
        }
    }

    /**
     * Remembers the member. Hazelcast calls this from {@link OrderMapStore#init} while it creates the orders map, on a
     * partition thread that holds the map's creation lock: touching the grid from there (even {@code getMap}) deadlocks
     * against a proxy of the map being created on another thread, so the writer is built later, on first use.
     */
    private void bind(HazelcastInstance instance) {
        member.compareAndSet(null, Objects.requireNonNull(instance, "instance"));
    }

    /** The writer, built on first use from a thread that may call the grid (the write-behind thread, or start). */
    private OrderWriter writer() {
        OrderWriter built = writer.get();
        if (built != null) {
            return built;
        }
        synchronized (writer) {
            if (writer.get() == null) {
                HazelcastInstance bound =
                        Objects.requireNonNull(member.get(), "the orders store has not been initialised");
                orders.set(new GridOrders(bound, engine));
                inventory.set(new GridInventory(bound, engine));
                writer.set(new OrderWriter(
                        new OrderDao(database.primary()), orders.get(), inventory.get(), metrics, backoff));
            }
            return writer.get();
        }
    }

    private static MapConfig mapConfig(Config config, String name) {
        MapConfig map = config.getMapConfigOrNull(name);
        if (map == null) {
            throw new IllegalStateException("map " + name + " is not configured: call EngineGrid.configure first");
        }
        return map;
    }
}
