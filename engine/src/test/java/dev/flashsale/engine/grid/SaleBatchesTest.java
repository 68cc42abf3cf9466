package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.internal.SellBatchOutcomes;
import dev.flashsale.engine.grid.internal.StockRecord;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link SaleBatches} over a stand-in for the stock map that runs each entry processor on one real record, in the
 * calling thread (as a local member's partition would, without the grid): who leads which batch, what each caller is
 * told, and that the lane goes on when a batch fails.
 */
class SaleBatchesTest {

    static final long PRODUCT = 9;

    @Test
    void sendsASaleAloneWhenNoBatchIsInFlight() {
        FakeStock stock = new FakeStock(10, call -> {});
        SaleBatches batches = new SaleBatches(stock.map(), new GridCalls(Duration.ofSeconds(5)), 256, 16);

        assertThat(batches.sell(PRODUCT, OpId.random(), 3)).isEqualTo(new Outcome.Sold(PRODUCT, 3, 7));
        assertThat(batches.sell(PRODUCT, OpId.random(), 8)).isEqualTo(new Outcome.SoldOut(PRODUCT, 8, 7));
        assertThat(batches.invocations()).isEqualTo(2);
        assertThat(batches.largestBatch()).isOne();
    }

    @Test
    void sendsTheSalesThatArriveMeanwhileAsTheNextBatchLedByTheFirstOfThem() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        FakeStock stock = new FakeStock(100, call -> {
            if (call == 1) {
                await(queued);
            }
        });
        SaleBatches batches = new SaleBatches(stock.map(), new GridCalls(Duration.ofSeconds(5)), 3, 16);

        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Outcome> first = callers.submit(() -> batches.sell(PRODUCT, OpId.random(), 1));
            stock.awaitCalls(1);
            List<Future<Outcome>> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(callers.submit(() -> batches.sell(PRODUCT, OpId.random(), 1)));
            }
            awaitQueued(batches, 6);
            queued.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Sold.class);
            for (Future<Outcome> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Sold.class);
            }
        }
        assertThat(stock.batchSizes()).containsExactly(1, 3, 2);
        assertThat(stock.record().stock().sold()).isEqualTo(6);
    }

    @Test
    void goesOnWithTheNextBatchWhenALeaderFailsAndTellsTheOthersOfItsBatchTheOutcomeIsUnknown() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        FakeStock stock = new FakeStock(100, call -> {
            if (call == 1) {
                await(queued);
            }
            if (call == 2) {
                throw new AssertionError("the leader's thread broke");
            }
        });
        SaleBatches batches = new SaleBatches(stock.map(), new GridCalls(Duration.ofSeconds(5)), 2, 16);

        List<Object> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> first = callers.submit(() -> answer(batches));
            stock.awaitCalls(1);
            List<Future<Object>> others = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                others.add(callers.submit(() -> answer(batches)));
            }
            awaitQueued(batches, 5);
            queued.countDown();
            answers.add(first.get(10, TimeUnit.SECONDS));
            for (Future<Object> other : others) {
                answers.add(other.get(10, TimeUnit.SECONDS));
            }
        }

        // Batches: [first], then [a, b], whose leader's call threw before it reached the stock, then [c, d].
        assertThat(stock.batchSizes()).containsExactly(1, 2);
        assertThat(answers.stream().filter(Outcome.Sold.class::isInstance)).hasSize(3);
        assertThat(answers.stream().filter(AssertionError.class::isInstance)).hasSize(1);
        assertThat(answers.stream().filter(InventoryUnavailableException.class::isInstance))
                .hasSize(1);
        assertThat(batches.sell(PRODUCT, OpId.random(), 1))
                .as("the lane is idle again")
                .isInstanceOf(Outcome.Sold.class);
    }

    @Test
    void retriesAnIndeterminateBatchWholeWithTheSameOpIds() {
        // The first attempt sells, and its answer is lost.
        FakeStock stock = new FakeStock(10, call -> {}, call -> {
            if (call == 1) {
                throw new IndeterminateOperationStateException("the owner left");
            }
        });
        SaleBatches batches = new SaleBatches(stock.map(), new GridCalls(Duration.ofSeconds(5)), 256, 16);
        OpId opId = OpId.random();

        assertThat(batches.sell(PRODUCT, opId, 2)).isEqualTo(new Outcome.Sold(PRODUCT, 2, 8));
        assertThat(batches.invocations()).isEqualTo(2);
        assertThat(batches.sell(PRODUCT, opId, 2)).isEqualTo(new Outcome.Sold(PRODUCT, 2, 8));
        assertThat(stock.record().stock().sold()).isEqualTo(2);
    }

    private static Object answer(SaleBatches batches) {
        try {
            return batches.sell(PRODUCT, OpId.random(), 1);
        } catch (RuntimeException | Error failure) {
            return failure;
        }
    }

    /** Waits until {@code count} sales were admitted (sent, or waiting to be). */
    private static void awaitQueued(SaleBatches batches, int count) {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.sales() < count && System.nanoTime() - giveUpAt < 0) {
            TestGrid.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The stock map, as far as {@link SaleBatches} uses it: {@code executeOnKey} runs the processor on one record in the
     * calling thread, between {@code beforeCall} and {@code afterCall} (each given the call's number, from 1), which may
     * hold it up or throw.
     */
    static final class FakeStock {

        private final StockRecord record;
        private final IntConsumer beforeCall;
        private final IntConsumer afterCall;
        private final AtomicInteger calls = new AtomicInteger();
        private final List<Integer> batchSizes = new ArrayList<>();

        FakeStock(long units, IntConsumer beforeCall) {
            this(units, beforeCall, call -> {});
        }

        FakeStock(long units, IntConsumer beforeCall, IntConsumer afterCall) {
            this.record = StockRecord.loaded(PRODUCT, units, 0, 1_000, 600_000);
            this.beforeCall = beforeCall;
            this.afterCall = afterCall;
        }

        @SuppressWarnings("unchecked")
        IMap<Long, StockRecord> map() {
            return (IMap<Long, StockRecord>) Proxy.newProxyInstance(
                    IMap.class.getClassLoader(), new Class<?>[] {IMap.class}, (proxy, method, arguments) -> {
                        if (!method.getName().equals("executeOnKey")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        return execute((Long) arguments[0], (EntryProcessor<Long, StockRecord, ?>) arguments[1]);
                    });
        }

        private Object execute(long key, EntryProcessor<Long, StockRecord, ?> processor) {
            int call = calls.incrementAndGet();
            beforeCall.accept(call);
            Object result;
            synchronized (this) {
                result = processor.process(new AbstractMap.SimpleEntry<>(key, record));
                batchSizes.add(((SellBatchOutcomes) result).size());
            }
            afterCall.accept(call);
            return result;
        }

        void awaitCalls(int count) {
            long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() < count && System.nanoTime() - giveUpAt < 0) {
                TestGrid.sleep(1);
            }
        }

        synchronized List<Integer> batchSizes() {
            return List.copyOf(batchSizes);
        }

        StockRecord record() {
            return record;
        }
    }
}
