package dev.flashsale.bench.seeds;

import dev.flashsale.bench.engine.BenchGrid;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridInventory;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Buy-now on one hot product, side by side with the two seed designs: 64 callers, each call buys one unit, in two
 * modes (throughput, and sampled latency for its percentiles). Run by {@code bench/seeds}, which starts the MariaDB
 * and Redis servers these need. The callers are platform threads ({@code jmh.executor=PLATFORM}) for all four.
 *
 * <ul>
 *   <li>{@link #engine}: this engine, two members embedded in the benchmark's JVM, as {@code BuyNowBenchmark}
 *       measures it.
 *   <li>{@link #mariadbUpdate}: the seeds' database layer alone, one autocommit {@code UPDATE … WHERE stock >= 1}
 *       through a 64-connection HikariCP pool.
 *   <li>{@link #redisLockSeed}: the first seed's purchase: Redis {@code SET NX PX} lock, read the stock and its
 *       version, versioned update, compare-and-delete unlock. A caller that does not get the lock fails fast, as the
 *       seed answers "Product is being processed": only its counter {@code bought} counts buys.
 *   <li>{@link #luaReserveSeed}: the second seed's Redis Lua reserve script (check available, increment reserved).
 * </ul>
 *
 * <p>Stock never runs out during a run: 2⁴⁰ units in the engine, 10¹⁵ in MariaDB and Redis, filled at the start of
 * each fork.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(64)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(
        value = 1,
        jvmArgsPrepend = {"-Djmh.executor=PLATFORM"},
        jvmArgsAppend = {
            "-Xms2g",
            "-Xmx2g",
            "-XX:+UseG1GC",
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED",
            "-Dhazelcast.logging.type=slf4j"
        })
public class SeedsBenchmark {

    static final int CALLERS = 64;

    private static final String BUY_SQL = "UPDATE stock SET stock = stock - 1 WHERE id = ? AND stock >= 1";
    private static final String READ_SQL = "SELECT stock, version FROM stock WHERE id = ?";
    private static final String BUY_VERSIONED_SQL =
            "UPDATE stock SET stock = stock - 1, version = version + 1 WHERE id = ? AND stock >= 1 AND version = ?";

    /** The first seed's lock key and lease ({@code tryLock(productId, Duration.ofSeconds(5))}). */
    private static final String LOCK_KEY = "lock:product:" + SeedDatabase.PRODUCT;

    private static final long LOCK_LEASE_MILLIS = 5_000;

    private static final String UNLOCK_SCRIPT =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    /** The second seed's {@code RESERVE_INVENTORY_SCRIPT}, verbatim. */
    private static final String RESERVE_SCRIPT = "local productId = KEYS[1]\n"
            + "local quantity = tonumber(ARGV[1])\n"
            + "local stockKey = 'product:' .. productId .. ':stock'\n"
            + "local reservedKey = 'product:' .. productId .. ':reserved'\n"
            + "local stock = tonumber(redis.call('GET', stockKey) or 0)\n"
            + "local reserved = tonumber(redis.call('GET', reservedKey) or 0)\n"
            + "local available = stock - reserved\n"
            + "if available < quantity then\n"
            + "    return {0, available}\n"
            + "end\n"
            + "local newReserved = redis.call('INCRBY', reservedKey, quantity)\n"
            + "return {1, available - quantity, newReserved}";

    private static final String[] PRODUCT_KEYS = {Long.toString(SeedDatabase.PRODUCT)};

    @Benchmark
    public Outcome engine(EngineState state) {
        Outcome outcome = state.inventory.buy(SeedDatabase.PRODUCT, "bench", 1, OpId.random());
        if (!(outcome instanceof Outcome.Sold)) {
            throw new IllegalStateException("expected a sale, got " + outcome);
        }
        return outcome;
    }

    @Benchmark
    public int mariadbUpdate(DatabaseState state) throws SQLException {
        try (Connection connection = state.database.connection();
                PreparedStatement buy = connection.prepareStatement(BUY_SQL)) {
            buy.setLong(1, SeedDatabase.PRODUCT);
            return requireOneRow(buy.executeUpdate());
        }
    }

    @Benchmark
    public boolean redisLockSeed(LockSeedState state, LockSeedAnswers answers) throws SQLException {
        long started = System.nanoTime();
        RedisCommands<String, String> redis = state.redis.commands();
        String token = UUID.randomUUID().toString();
        if (!"OK".equals(redis.set(LOCK_KEY, token, SetArgs.Builder.nx().px(LOCK_LEASE_MILLIS)))) {
            answers.busy++;
            return false;
        }
        try (Connection connection = state.database.connection()) {
            long version;
            try (PreparedStatement read = connection.prepareStatement(READ_SQL)) {
                read.setLong(1, SeedDatabase.PRODUCT);
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next() || row.getLong(1) < 1) {
                        throw new IllegalStateException("the hot product ran out of stock");
                    }
                    version = row.getLong(2);
                }
            }
            try (PreparedStatement buy = connection.prepareStatement(BUY_VERSIONED_SQL)) {
                buy.setLong(1, SeedDatabase.PRODUCT);
                buy.setLong(2, version);
                requireOneRow(buy.executeUpdate());
            }
        } finally {
            redis.evalsha(state.unlockScript, ScriptOutputType.INTEGER, new String[] {LOCK_KEY}, token);
        }
        answers.bought++;
        state.boughtLatency.recordValue(System.nanoTime() - started);
        return true;
    }

    @Benchmark
    public long luaReserveSeed(LuaSeedState state) {
        List<Long> reserved =
                state.redis.commands().evalsha(state.reserveScript, ScriptOutputType.MULTI, PRODUCT_KEYS, "1");
        if (reserved.getFirst() != 1L) {
            throw new IllegalStateException("expected a reservation, got " + reserved);
        }
        return reserved.get(1);
    }

    private static int requireOneRow(int updated) {
        if (updated != 1) {
            throw new IllegalStateException("expected one updated row, got " + updated);
        }
        return updated;
    }

    /**
     * Two members on loopback and the hot product with 2⁴⁰ units, with the engine's default settings: concurrent sales
     * travel in batches of up to 256 ({@code -Dseeds.engine.saleBatch=1} sends each sale on its own).
     */
    @State(Scope.Benchmark)
    public static class EngineState {

        private static final long UNITS = 1L << 40;

        BenchGrid grid;
        GridInventory inventory;

        @Setup(Level.Trial)
        public void start() {
            EngineSettings settings = EngineSettings.DEFAULTS.withSaleBatching(
                    Integer.getInteger("seeds.engine.saleBatch", EngineSettings.DEFAULT_MAX_SALE_BATCH),
                    EngineSettings.DEFAULT_MAX_WAITING_SALES);
            grid = new BenchGrid(2, Integer.getInteger("seeds.engine.port", 25_801), settings);
            inventory = new GridInventory(grid.members().getFirst(), settings);
            inventory.open(SeedDatabase.PRODUCT, UNITS, SaleRules.UNLIMITED, OpId.random());
        }

        @TearDown(Level.Trial)
        public void stop() {
            GridInventory.SaleBatching batching = inventory.saleBatching();
            System.out.printf(
                    "%n# seeds-batching benchmark=engine sales=%d invocations=%d largest=%d%n",
                    batching.sales(), batching.invocations(), batching.largestBatch());
            inventory.close();
            grid.close();
        }
    }

    /** The pool, one connection per caller, and the filled {@code stock} table. */
    @State(Scope.Benchmark)
    public static class DatabaseState {

        SeedDatabase database;

        @Setup(Level.Trial)
        public void start() {
            database = new SeedDatabase(CALLERS);
            database.fill();
        }

        @TearDown(Level.Trial)
        public void stop() {
            database.close();
        }
    }

    /**
     * The first seed's stack: Redis for the lock, the database for the stock. Records the latency of every successful
     * buy of the measurement iterations, and prints its percentiles at the end of the fork in one line starting
     * {@code # seeds-latency}: JMH's sampled latency mixes them with the fail-fast answers.
     */
    @State(Scope.Benchmark)
    public static class LockSeedState {

        SeedRedis redis;
        SeedDatabase database;
        String unlockScript;
        final Recorder boughtLatency = new Recorder(3);
        final Histogram measured = new Histogram(3);

        @Setup(Level.Trial)
        public void start() {
            database = new SeedDatabase(CALLERS);
            database.fill();
            redis = new SeedRedis();
            redis.commands().del(LOCK_KEY);
            unlockScript = redis.commands().scriptLoad(UNLOCK_SCRIPT);
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            boughtLatency.getIntervalHistogram();
        }

        @TearDown(Level.Iteration)
        public void endIteration(IterationParams iteration) {
            Histogram interval = boughtLatency.getIntervalHistogram();
            if (iteration.getType() == IterationType.MEASUREMENT) {
                measured.add(interval);
            }
        }

        @TearDown(Level.Trial)
        public void stop(BenchmarkParams benchmark) {
            System.out.printf(
                    Locale.ROOT,
                    "# seeds-latency benchmark=redisLockSeed mode=%s bought=%d p50_ms=%.3f p99_ms=%.3f"
                            + " p99.9_ms=%.3f max_ms=%.3f (successful buys of the measurement iterations)%n",
                    benchmark.getMode().shortLabel(),
                    measured.getTotalCount(),
                    measured.getValueAtPercentile(50) / 1e6,
                    measured.getValueAtPercentile(99) / 1e6,
                    measured.getValueAtPercentile(99.9) / 1e6,
                    measured.getMaxValue() / 1e6);
            redis.close();
            database.close();
        }
    }

    /** Per caller: buys, and fail-fast answers ("Product is being processed"); JMH reports both as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class LockSeedAnswers {

        public long bought;
        public long busy;

        @Setup(Level.Iteration)
        public void clear() {
            bought = 0;
            busy = 0;
        }
    }

    /** The second seed's Redis keys, {@code product:1:stock} 10¹⁵ and {@code product:1:reserved} 0. */
    @State(Scope.Benchmark)
    public static class LuaSeedState {

        SeedRedis redis;
        String reserveScript;

        @Setup(Level.Trial)
        public void start() {
            redis = new SeedRedis();
            String product = PRODUCT_KEYS[0];
            redis.commands().set("product:" + product + ":stock", Long.toString(SeedDatabase.UNITS));
            redis.commands().set("product:" + product + ":reserved", "0");
            reserveScript = redis.commands().scriptLoad(RESERVE_SCRIPT);
        }

        @TearDown(Level.Trial)
        public void stop() {
            redis.close();
        }
    }
}
