package dev.flashsale.api.product;

import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.engine.stock.Stock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The stock event streams of this node, {@code GET /api/products/{id}/events}: each stream starts with the product's
 * figures and then carries a {@code stock} event each time they change, at most once per {@link
 * StockEventSettings#interval()}.
 *
 * <p>How changes reach the streams: per product with at least one stream here, one {@link
 * dev.flashsale.engine.grid.StockWatch} (a key-based listener without values) tells this node that the stock changed.
 * The listener only marks the product's feed dirty and schedules one publication, no sooner than the interval after the
 * previous one, so a hot product's thousands of changes a second cost one read of its figures per interval; it never
 * blocks the Hazelcast event thread. The publication reads the figures once (a virtual thread) and hands them to every
 * stream of the product. The watch is opened when the product's first stream here starts and closed when its last one
 * ends.
 *
 * <p>Each stream has a small queue ({@link StockEventSettings#queueSize()}) and its own virtual thread that writes to
 * the client; a client whose queue is full is dropped (its stream completed) instead of slowing the others, and a
 * stream with nothing to say sends a heartbeat comment every {@link StockEventSettings#heartbeat()}. A node serves at
 * most {@link StockEventSettings#maxStreams()} streams; beyond that a new one is answered 503. On shutdown every stream
 * is completed before the web server drains its requests ({@link SmartLifecycle}, stopped in the first phase).
 *
 * <p>Thread-safe.
 */
final class StockEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StockEvents.class);
    private static final Object END = new Object();

    private final StockSource source;
    private final StockEventSettings settings;
    private final Supplier<SseEmitter> emitters;
    private final ConcurrentHashMap<Long, Feed> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stock-events-timer").daemon().factory());
    private final ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;

    StockEvents(StockSource source, StockEventSettings settings) {
        this(source, settings, () -> new SseEmitter(settings.streamTimeout().toMillis()));
    }

    /** @param emitters makes each stream's emitter (tests make ones that record or stall) */
    StockEvents(StockSource source, StockEventSettings settings, Supplier<SseEmitter> emitters) {
        this.source = source;
        this.settings = settings;
        this.emitters = emitters;
    }

    /**
     * Starts a stream of the product's stock events, its first event (the figures now) already queued; empty if the
     * grid has no such product.
     *
     * @throws dev.flashsale.api.problem.ProblemException 503 when this node serves as many streams as it may, or is
     *     shutting down
     */
    Optional<SseEmitter> open(long productId) {
        if (!running) {
            throw ProblemType.UNAVAILABLE
                    .exception("this node is shutting down; connect again")
                    .retryAfter(Duration.ofSeconds(1));
        }
        if (openStreams.incrementAndGet() > settings.maxStreams()) {
            openStreams.decrementAndGet();
            throw ProblemType.TOO_MANY_STREAMS
                    .exception("this node serves " + settings.maxStreams() + " stock event streams already")
                    .retryAfter(Duration.ofSeconds(5));
        }
        Stream stream = new Stream(productId, emitters.get());
        try {
            join(stream);
            // Read after the watch is in place, so that no change falls between the first event and the next.
            Optional<Stock> now = source.availability(productId);
            if (now.isEmpty()) {
                stream.end();
                return Optional.empty();
            }
            stream.offer(StockFigures.of(productId, now.get()));
            stream.emitter.onCompletion(stream::end);
            stream.emitter.onTimeout(stream::end);
            stream.emitter.onError(failure -> stream.end());
            Thread.ofVirtual().name("stock-events-" + productId).start(stream::run);
            return Optional.of(stream.emitter);
        } catch (RuntimeException failure) {
            stream.end();
            throw failure;
        }
    }

    /** Streams this node serves now. */
    int streams() {
        return openStreams.get();
    }

    /** Products this node watches now (one watch per product with streams here). */
    int watchedProducts() {
        return feeds.size();
    }

    /** Streams are taken from construction on; once stopped, this instance does not start again. */
    @Override
    public void start() {
        // Nothing to start: open() takes streams until stop().
    }

    /** Completes every stream, so that the web server's graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        for (Feed feed : List.copyOf(feeds.values())) {
            for (Stream stream : List.copyOf(feed.streams)) {
                stream.end();
            }
        }
        timer.shutdownNow();
        publishers.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown, which would otherwise wait for the open streams. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void join(Stream stream) {
        while (true) {
            Feed feed = feeds.computeIfAbsent(stream.productId, Feed::new);
            feed.lock.lock();
            try {
                if (feed.closed) {
                    continue;
                }
                feed.streams.add(stream);
                stream.feed = feed;
                if (feed.unwatch == null) {
                    feed.unwatch = source.watch(stream.productId, changed -> feed.changed());
                }
                return;
            } finally {
                feed.lock.unlock();
            }
        }
    }

    private void leave(Stream stream) {
        Feed feed = stream.feed;
        if (feed == null) {
            return;
        }
        Runnable unwatch = null;
        feed.lock.lock();
        try {
            feed.streams.remove(stream);
            if (feed.streams.isEmpty() && !feed.closed) {
                feed.closed = true;
                feeds.remove(feed.productId, feed);
                unwatch = feed.unwatch;
                feed.unwatch = null;
            }
        } finally {
            feed.lock.unlock();
        }
        if (unwatch != null) {
            try {
                unwatch.run();
            } catch (RuntimeException failure) {
                log.warn("could not stop watching the stock of product {}", feed.productId, failure);
            }
        }
    }

    /** One product's streams on this node and the watch that feeds them. */
    private final class Feed {

        final long productId;
        final Set<Stream> streams = ConcurrentHashMap.newKeySet();
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean dirty = new AtomicBoolean();
        volatile long lastPublishedNanos;
        /** Stops the product's watch; guarded by {@link #lock}. */
        Runnable unwatch;
        /** Guarded by {@link #lock}: once closed, a feed takes no streams (a new one is made). */
        boolean closed;

        Feed(long productId) {
            this.productId = productId;
            this.lastPublishedNanos = System.nanoTime() - settings.interval().toNanos();
        }

        /** On a Hazelcast event thread: marks the feed dirty and schedules one publication. Never blocks. */
        void changed() {
            if (!dirty.compareAndSet(false, true)) {
                return;
            }
            long wait = Math.max(0, lastPublishedNanos + settings.interval().toNanos() - System.nanoTime());
            try {
                timer.schedule(() -> publishers.execute(this::publish), wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                dirty.set(false);
            }
        }

        /** On a virtual thread: reads the figures once and offers them to every stream; drops those that lag. */
        void publish() {
            lastPublishedNanos = System.nanoTime();
            // Cleared before the read: a change during the read schedules the next publication.
            dirty.set(false);
            if (streams.isEmpty()) {
                return;
            }
            Optional<Stock> stock;
            try {
                stock = source.availability(productId);
            } catch (RuntimeException failure) {
                log.debug(
                        "could not read the stock of product {} for its streams; the next change retries",
                        productId,
                        failure);
                return;
            }
            if (stock.isEmpty()) {
                return;
            }
            StockFigures figures = StockFigures.of(productId, stock.get());
            for (Stream stream : streams) {
                if (!stream.offer(figures)) {
                    log.debug("dropping a stream of product {}: its client fell behind", productId);
                    stream.end();
                }
            }
        }
    }

    /** One client's stream: its queue and the virtual thread that writes it. */
    private final class Stream {

        final long productId;
        final SseEmitter emitter;
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(settings.queueSize() + 1);
        final AtomicBoolean ended = new AtomicBoolean();
        volatile Feed feed;

        Stream(long productId, SseEmitter emitter) {
            this.productId = productId;
            this.emitter = emitter;
        }

        /** False when the client is {@link StockEventSettings#queueSize()} events behind. */
        boolean offer(StockFigures figures) {
            return !ended.get() && queue.size() < settings.queueSize() && queue.offer(figures);
        }

        /**
         * Ends the stream once, whoever asks (the writer, a callback of the emitter, the publisher, shutdown): it
         * leaves its feed and frees its place at once; the writer completes the response when it wakes.
         */
        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            openStreams.decrementAndGet();
            queue.clear();
            queue.offer(END);
            leave(this);
        }

        /** The writer. Only this thread sends, so a slow client blocks nobody but itself. */
        void run() {
            try {
                while (!ended.get()) {
                    Object next = queue.poll(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                    if (next == END || ended.get()) {
                        break;
                    }
                    if (next == null) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else {
                        emitter.send(SseEmitter.event().name("stock").data(next, MediaType.APPLICATION_JSON));
                    }
                }
                emitter.complete();
            } catch (IOException | IllegalStateException gone) {
                // The client went away, or the response was completed already; the container cleans up.
                log.debug("stock event stream of product {} ended: {}", productId, gone.toString());
            } catch (InterruptedException interrupted) {
                emitter.complete();
            } finally {
                end();
            }
        }
    }
}
