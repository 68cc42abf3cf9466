package dev.flashsale.bench.engine;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridInventory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Buy-now throughput of the engine: 64 callers each buying one unit with a fresh op id, against one hot product or
 * spread over 10,000, with the members embedded in the benchmark's JVM as they are in an app node. With two members,
 * every invocation waits for its synchronous backup and half of them are remote calls.
 *
 * <p>{@code saleBatch} is {@code EngineSettings.maxSaleBatch}: 256 (the default) batches concurrent sales of one
 * product into one invocation; 1 sends every sale on its own, as the engine did before batching ({@code -p
 * saleBatch=1,256} measures both in one run). After each trial the fork prints {@code # sale-batching} with the sales,
 * invocations and average batch.
 *
 * <p>The callers are virtual threads ({@code jmh.executor=VIRTUAL}), as the REST layer's request threads are. For
 * platform-thread callers, override it: {@code bench/jmh BuyNowBenchmark -jvmArgsPrepend -Djmh.executor=PLATFORM}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(64)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsPrepend = {"-Djmh.executor=VIRTUAL"},
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
            "-Dhazelcast.logging.type=slf4j"
        })
public class BuyNowBenchmark {

    private static final long UNITS = 1L << 40;

    @Param({"1", "2"})
    public int members;

    @Param({"1", "10000"})
    public int products;

    @Param({"256"})
    public int saleBatch;

    private BenchGrid grid;
    private GridInventory inventory;

    @Setup(Level.Trial)
    public void start() {
        EngineSettings settings =
                EngineSettings.DEFAULTS.withSaleBatching(saleBatch, EngineSettings.DEFAULT_MAX_WAITING_SALES);
        grid = new BenchGrid(members, 25701, settings);
        inventory = new GridInventory(grid.members().getFirst(), settings);
        for (long product = 1; product <= products; product++) {
            inventory.open(product, UNITS, SaleRules.UNLIMITED, OpId.random());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        GridInventory.SaleBatching batching = inventory.saleBatching();
        System.out.printf(
                "%n# sale-batching members=%d products=%d saleBatch=%d sales=%d invocations=%d average=%.1f"
                        + " largest=%d%n",
                members,
                products,
                saleBatch,
                batching.sales(),
                batching.invocations(),
                batching.invocations() == 0 ? 0.0 : (double) batching.sales() / batching.invocations(),
                batching.largestBatch());
        inventory.close();
        grid.close();
    }

    @Benchmark
    public Outcome buyOne() {
        long product = products == 1 ? 1 : 1 + ThreadLocalRandom.current().nextInt(products);
        Outcome outcome = inventory.buy(product, "bench", 1, OpId.random());
        if (!(outcome instanceof Outcome.Sold)) {
            throw new IllegalStateException("expected a sale, got " + outcome);
        }
        return outcome;
    }
}
