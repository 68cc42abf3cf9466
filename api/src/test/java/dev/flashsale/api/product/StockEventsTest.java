package dev.flashsale.api.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.api.problem.ProblemException;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.engine.stock.Stock;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The stock event streams against an in-memory stock source and emitters that record, stall or lose their client. */
class StockEventsTest {

    static final long PRODUCT = 7;
    static final Duration HEARTBEAT = Duration.ofMillis(50);

    final FakeStock stock = new FakeStock();
    final BlockingQueue<RecordingEmitter> emitters = new LinkedBlockingQueue<>();
    StockEvents events;

    StockEvents events(int maxStreams, Duration interval, int queueSize) {
        events = new StockEvents(
                stock,
                new StockEventSettings(maxStreams, interval, HEARTBEAT, queueSize, Duration.ofMinutes(5)),
                () -> {
                    RecordingEmitter emitter = new RecordingEmitter();
                    emitters.add(emitter);
                    return emitter;
                });
        return events;
    }

    @AfterEach
    void stop() {
        if (events != null) {
            events.stop();
        }
    }

    @Test
    void startsWithTheFiguresNowAndSendsEachChange() throws Exception {
        stock.set(PRODUCT, Stock.initial(10));
        RecordingEmitter client = open(events(10, Duration.ZERO, 4));

        assertThat(client.nextEvent()).contains("available=10, held=0, sold=0");
        stock.change(PRODUCT, new Stock(10, 7, 1, 2));
        assertThat(client.nextEvent()).contains("available=7, held=1, sold=2");
    }

    @Test
    void readsTheFiguresOncePerIntervalHoweverOftenTheStockChanges() throws Exception {
        stock.set(PRODUCT, Stock.initial(1_000));
        RecordingEmitter client = open(events(10, Duration.ofHours(1), 4));
        assertThat(client.nextEvent()).contains("available=1000");

        for (int sale = 1; sale <= 1_000; sale++) {
            stock.change(PRODUCT, new Stock(1_000, 1_000 - sale, 0, sale));
        }

        assertThat(client.nextEvent()).contains("productId=7");
        Thread.sleep(200);
        // One read for the first event, one for the first change; the others wait for the next interval.
        assertThat(stock.reads.get()).isEqualTo(2);
        assertThat(client.events()).isEmpty();
    }

    @Test
    void watchesAProductOnceWhileItHasStreamsAndStopsAfterTheLast() throws Exception {
        stock.set(PRODUCT, Stock.initial(10));
        StockEvents events = events(10, Duration.ZERO, 4);
        RecordingEmitter first = open(events);
        RecordingEmitter second = open(events);
        assertThat(stock.watchesOpened.get()).isOne();
        assertThat(events.watchedProducts()).isOne();

        first.loseClient();
        await(() -> events.streams() == 1);
        assertThat(stock.watchesClosed.get()).isZero();
        second.loseClient();
        await(() -> events.streams() == 0);

        assertThat(stock.watchesClosed.get()).isOne();
        assertThat(stock.watchers).isEmpty();
        assertThat(events.watchedProducts()).isZero();
        RecordingEmitter third = open(events);
        assertThat(third.nextEvent()).contains("available=10");
        assertThat(stock.watchesOpened.get()).isEqualTo(2);
    }

    @Test
    void dropsAClientThatFallsBehindWithoutHoldingUpTheOthers() throws Exception {
        stock.set(PRODUCT, Stock.initial(100));
        StockEvents events = events(10, Duration.ZERO, 2);
        RecordingEmitter stalled = open(events);
        stalled.stall();
        RecordingEmitter reading = open(events);
        assertThat(reading.nextEvent()).contains("available=100");

        for (int sale = 1; sale <= 6; sale++) {
            stock.change(PRODUCT, new Stock(100, 100 - sale, 0, sale));
            assertThat(reading.nextEvent()).contains("available=" + (100 - sale));
        }

        await(() -> events.streams() == 1);
        stalled.resume();
        await(() -> stalled.completed);
        assertThat(reading.completed).isFalse();
    }

    @Test
    void refusesStreamsBeyondTheLimitUntilOneEnds() throws Exception {
        stock.set(PRODUCT, Stock.initial(10));
        StockEvents events = events(2, Duration.ZERO, 4);
        RecordingEmitter first = open(events);
        open(events);

        assertThatThrownBy(() -> events.open(PRODUCT)).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.problemType()).isEqualTo(ProblemType.TOO_MANY_STREAMS);
            assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        });
        assertThat(events.streams()).isEqualTo(2);

        first.loseClient();
        await(() -> events.streams() == 1);
        assertThat(events.open(PRODUCT)).isPresent();
    }

    @Test
    void answersNothingForAnUnknownProductAndKeepsNoWatchOrPlace() {
        StockEvents events = events(1, Duration.ZERO, 4);

        assertThat(events.open(404)).isEmpty();

        assertThat(events.streams()).isZero();
        assertThat(stock.watchers).isEmpty();
        assertThat(events.watchedProducts()).isZero();
        stock.set(PRODUCT, Stock.initial(1));
        assertThat(events.open(PRODUCT)).isPresent();
    }

    @Test
    void sendsHeartbeatsWhileNothingChanges() throws Exception {
        stock.set(PRODUCT, Stock.initial(10));
        RecordingEmitter client = open(events(10, Duration.ZERO, 4));
        client.nextEvent();

        assertThat(client.sent.poll(5, TimeUnit.SECONDS)).startsWith(":heartbeat");
    }

    @Test
    void completesEveryStreamWhenStopped() throws Exception {
        stock.set(PRODUCT, Stock.initial(10));
        StockEvents events = events(10, Duration.ZERO, 4);
        RecordingEmitter first = open(events);
        RecordingEmitter second = open(events);

        events.stop();

        await(() -> first.completed && second.completed);
        assertThat(events.streams()).isZero();
        assertThat(stock.watchers).isEmpty();
        assertThatThrownBy(() -> events.open(PRODUCT))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.problemType()).isEqualTo(ProblemType.UNAVAILABLE));
    }

    RecordingEmitter open(StockEvents events) throws InterruptedException {
        assertThat(events.open(PRODUCT)).isPresent();
        return emitters.poll(5, TimeUnit.SECONDS);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The grid's stock of a few products, and the watches on them. */
    static final class FakeStock implements StockSource {

        final Map<Long, Stock> stocks = new ConcurrentHashMap<>();
        final Map<Long, LongConsumer> watchers = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger watchesOpened = new AtomicInteger();
        final AtomicInteger watchesClosed = new AtomicInteger();

        void set(long productId, Stock value) {
            stocks.put(productId, value);
        }

        /** A change of the product's stock, told to its watcher as the grid's event thread would. */
        void change(long productId, Stock value) {
            stocks.put(productId, value);
            LongConsumer watcher = watchers.get(productId);
            if (watcher != null) {
                watcher.accept(productId);
            }
        }

        @Override
        public Optional<Stock> availability(long productId) {
            reads.incrementAndGet();
            return Optional.ofNullable(stocks.get(productId));
        }

        @Override
        public Runnable watch(long productId, LongConsumer changed) {
            watchesOpened.incrementAndGet();
            watchers.put(productId, changed);
            return () -> {
                watchers.remove(productId, changed);
                watchesClosed.incrementAndGet();
            };
        }
    }

    /** An emitter that records what it sends, and can stall like a client that stopped reading, or lose its client. */
    static final class RecordingEmitter extends SseEmitter {

        final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean gone;
        volatile boolean completed;

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException(interrupted);
            }
            if (gone) {
                throw new IOException("the client went away");
            }
            sent.add(builder.build().stream()
                    .map(part -> String.valueOf(part.getData()))
                    .collect(Collectors.joining()));
        }

        @Override
        public void complete() {
            completed = true;
            super.complete();
        }

        void stall() {
            gate = new CountDownLatch(1);
        }

        void resume() {
            gate.countDown();
        }

        /** The next send fails, as a write to a closed connection does: at the latest with the next heartbeat. */
        void loseClient() {
            gone = true;
        }

        /** The next {@code stock} event, skipping heartbeats. */
        String nextEvent() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                String next = sent.poll(100, TimeUnit.MILLISECONDS);
                if (next != null && next.startsWith("event:stock")) {
                    return next;
                }
            }
            throw new AssertionError("no stock event within 5 s");
        }

        /** The stock events sent and not yet taken. */
        java.util.List<String> events() {
            return sent.stream().filter(text -> text.startsWith("event:stock")).toList();
        }
    }
}
