package dev.flashsale.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open-model load generator of {@code bench/load open}: requests arrive at a fixed rate whatever the servers do,
 * and each one's latency is measured from the moment it was <em>meant</em> to start (its intended start time), so
 * that a server that stalls is charged for every request that should have been sent meanwhile — the correction for
 * coordinated omission that wrk2 and Gatling's open injection make.
 *
 * <p>A scheduler thread releases requests on a fixed timetable (rate r: one every 1/r s) into a queue; a fixed pool of
 * {@code connections} virtual threads, each with its own keep-alive connection to the load balancer, sends them.
 * When every connection is busy, requests wait in the queue and the wait counts in their latency. The mix and the
 * idempotency keys are those of {@code bench/lua/sale.lua}: views and buys, hot products and a tail, a fresh key per
 * buy ({@code <run>-s<step>-<n>}). At the end of a step no new request is released; those still queued a second
 * later are dropped (never sent; counted, and recorded at the latency they had reached, a lower bound), those in
 * flight are awaited.
 *
 * <p>Rates: a list, or {@code auto}: a ladder from {@code --start-rate} times {@code --factor} until the step is
 * saturated (achieved rate below 90 % of the target, more than 0.1 % of its requests dropped, or p99 over {@code
 * --saturated-p99-ms}), then
 * one step at half the highest rate achieved.
 *
 * <p>Writes to {@code --out}: {@code open-steps.csv} (per step and kind: count, achieved rate, percentiles, statuses),
 * {@code open-series.csv} (per second and kind: count, p50, p99, max), {@code open-percentiles.csv} (per step and
 * kind, the latency distribution), {@code open-orders.txt} (each 201's order id and product id) and {@code
 * open-summary.txt} (statuses and keys sent, as {@code bench/audit} reads them). Not thread-safe: one run per process.
 */
public final class OpenLoad {

    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*(\\d+)");
    private static final Pattern PRODUCT_ID = Pattern.compile("\"productId\"\\s*:\\s*(\\d+)");
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final double[] PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};
    private static final Task STOP = new Task(0, "stop", new byte[0], null);

    private final Map<String, String> options;
    private final String host;
    private final int port;
    private final String run;
    private final String buyPath;
    private final double buyShare;
    private final double hotShare;
    private final long hotFirst;
    private final long hotLast;
    private final long tailFirst;
    private final long tailLast;
    private final int timeoutMillis;
    private final String[] authorizations;
    private final Path out;
    private final long runStart = System.nanoTime();
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final ConcurrentLinkedQueue<String> orders = new ConcurrentLinkedQueue<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder answeredBuys = new LongAdder();
    private final List<String> keysSent = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, Long> lastStepStatuses = new ConcurrentHashMap<>();

    /** One request: when it was meant to start, its kind ({@code view}, {@code buy}), its bytes, its step. */
    private record Task(long intendedNanos, String kind, byte[] request, Step step) {}

    /** What one step records, per kind. */
    private static final class Step {
        final int index;
        final double rate;
        final long measureFromNanos;
        final Map<String, Recorder> interval = new ConcurrentHashMap<>();
        final Map<String, Recorder> measured = new ConcurrentHashMap<>();
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        final LongAdder measuredCount = new LongAdder();
        final AtomicLong lastMeasuredEnd = new AtomicLong();
        final LongAdder dropped = new LongAdder();

        Step(int index, double rate, long measureFromNanos) {
            this.index = index;
            this.rate = rate;
            this.measureFromNanos = measureFromNanos;
        }

        Recorder interval(String kind) {
            return interval.computeIfAbsent(kind, ignored -> new Recorder(HIGHEST_MICROS, 3));
        }

        Recorder measured(String kind) {
            return measured.computeIfAbsent(kind, ignored -> new Recorder(HIGHEST_MICROS, 3));
        }

        void count(String kind, int status) {
            statuses.computeIfAbsent(kind + " " + status, ignored -> new LongAdder())
                    .increment();
        }
    }

    /** A finished step: its target and what it achieved, per kind. */
    private record StepResult(
            int index,
            double rate,
            double achieved,
            long dropped,
            Map<String, Histogram> histograms,
            boolean saturated) {}

    private OpenLoad(Map<String, String> options) throws IOException {
        this.options = options;
        host = option("host", "127.0.0.1");
        port = Integer.parseInt(required("port"));
        run = option("run", "open");
        buyPath = option("buy-path", "/api/orders");
        buyShare = Double.parseDouble(option("buy-share", "0.2"));
        hotShare = Double.parseDouble(option("hot-share", "0.5"));
        hotFirst = Long.parseLong(required("hot-first"));
        hotLast = Long.parseLong(required("hot-last"));
        tailFirst = Long.parseLong(required("tail-first"));
        tailLast = Long.parseLong(required("tail-last"));
        timeoutMillis = Integer.parseInt(option("timeout-ms", "30000"));
        int buyers = Integer.parseInt(option("buyers", "10000"));
        BuyerTokens tokens =
                new BuyerTokens(BuyerTokens.secretFromEnvironment(), System.currentTimeMillis() / 1000 + 86_400);
        authorizations = tokens.tokens(option("buyer-prefix", "buyer-"), buyers).stream()
                .map(token -> "Bearer " + token)
                .toArray(String[]::new);
        out = Path.of(required("out"));
        Files.createDirectories(out);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int index = 0; index < arguments.length; index++) {
            if (!arguments[index].startsWith("--") || index + 1 == arguments.length) {
                throw new IllegalArgumentException("options are --name value pairs: " + arguments[index]);
            }
            options.put(arguments[index].substring(2), arguments[++index]);
        }
        new OpenLoad(options).run();
    }

    private void run() throws IOException, InterruptedException {
        int connections = Integer.parseInt(option("connections", "6000"));
        for (int index = 0; index < connections; index++) {
            workers.add(Thread.ofVirtual().name("open-load-" + index).start(this::work));
        }
        double warmup = Double.parseDouble(option("warmup-s", "5"));
        double measure = Double.parseDouble(option("measure-s", "15"));
        String rates = option("rates", "auto");
        List<StepResult> results = new ArrayList<>();
        try (PrintWriter series = writer("open-series.csv");
                PrintWriter steps = writer("open-steps.csv");
                PrintWriter percentiles = writer("open-percentiles.csv")) {
            series.println("label,second,kind,count,p50_ms,p99_ms,max_ms");
            steps.println("step,target_rate,achieved_rate,kind,count,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,dropped,"
                    + "saturated,statuses");
            percentiles.println("label,kind,percentile,ms");
            if (rates.equals("auto")) {
                double rate = Double.parseDouble(option("start-rate", "500"));
                double factor = Double.parseDouble(option("factor", "1.5"));
                double maxRate = Double.parseDouble(option("max-rate", "100000"));
                while (rate <= maxRate) {
                    StepResult result = step(results.size() + 1, rate, warmup, measure, series);
                    results.add(result);
                    report(result, steps, percentiles);
                    if (result.saturated()) {
                        break;
                    }
                    rate = Math.round(rate * factor);
                }
                double best =
                        results.stream().mapToDouble(StepResult::achieved).max().orElse(0);
                StepResult half = step(results.size() + 1, Math.round(best / 2), warmup, measure, series);
                results.add(half);
                report(half, steps, percentiles);
            } else {
                for (String rate : rates.split(",")) {
                    StepResult result = step(results.size() + 1, Double.parseDouble(rate), warmup, measure, series);
                    results.add(result);
                    report(result, steps, percentiles);
                }
            }
        }
        for (int index = 0; index < workers.size(); index++) {
            queue.add(STOP);
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        }
        Files.write(out.resolve("open-orders.txt"), orders, StandardCharsets.UTF_8);
        try (PrintWriter summary = writer("open-summary.txt")) {
            keysSent.forEach(summary::println);
            new TreeMap<>(statuses).forEach((status, count) -> summary.println("status " + status + " " + count));
            summary.println("answered_buys " + answeredBuys.sum());
        }
    }

    private PrintWriter writer(String name) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(out.resolve(name)), true);
    }

    /** Runs one step at {@code rate} requests a second: warm-up, then measurement; answers what it achieved. */
    private StepResult step(int index, double rate, double warmupSeconds, double measureSeconds, PrintWriter series)
            throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (measureSeconds * 1e9);
        Step step = new Step(index, rate, measureFrom);
        String label = "step " + index + " (" + Math.round(rate) + "/s)";
        System.err.printf(
                Locale.ROOT, "open: %s: %.0f s warm-up, %.0f s measured%n", label, warmupSeconds, measureSeconds);
        Thread sampler = Thread.ofPlatform().name("open-load-sampler").start(() -> sample(step, label, series, end));
        String keyPrefix = run + "-s" + index + "-";
        long buys = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long released = 0;
        for (long n = 0; ; n++) {
            long intended = start + (long) (n * 1e9 / rate);
            if (intended >= end) {
                released = n;
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long product = random.nextDouble() < hotShare
                    ? random.nextLong(hotFirst, hotLast + 1)
                    : random.nextLong(tailFirst, tailLast + 1);
            Task task;
            if (random.nextDouble() < buyShare) {
                buys++;
                String body = "{\"productId\":" + product + ",\"quantity\":1}";
                String request = "POST " + buyPath + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAuthorization: " + authorizations[random.nextInt(authorizations.length)]
                        + "\r\nIdempotency-Key: " + keyPrefix + buys
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body;
                task = new Task(intended, "buy", request.getBytes(StandardCharsets.US_ASCII), step);
            } else {
                String request =
                        "GET /api/products/" + product + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n";
                task = new Task(intended, "view", request.getBytes(StandardCharsets.US_ASCII), step);
            }
            outstanding.incrementAndGet();
            queue.add(task);
        }
        keysSent.add("keys_sent " + keyPrefix.substring(0, keyPrefix.length() - 1) + " " + buys);
        // Requests not yet sent a second after the step ends are dropped, at the latency they have reached.
        long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!queue.isEmpty() && System.nanoTime() < grace) {
            Thread.sleep(5);
        }
        List<Task> left = new ArrayList<>();
        queue.drainTo(left);
        long now = System.nanoTime();
        for (Task task : left) {
            step.dropped.increment();
            record(task, now, -1, "");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 5_000L);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        sampler.join();
        Map<String, Histogram> histograms = new TreeMap<>();
        step.measured.forEach((kind, recorder) -> histograms.put(kind, recorder.getIntervalHistogram()));
        long measured = step.measuredCount.sum();
        double span = Math.max(measureSeconds, (step.lastMeasuredEnd.get() - measureFrom) / 1e9);
        double achieved = measured / span;
        double p99 = histograms.values().stream()
                .mapToDouble(histogram -> histogram.getValueAtPercentile(99) / 1000.0)
                .max()
                .orElse(0);
        boolean saturated = achieved < 0.9 * rate
                || step.dropped.sum() > Math.max(1, released / 1000)
                || p99 > Double.parseDouble(option("saturated-p99-ms", "1000"));
        System.err.printf(
                Locale.ROOT,
                "open: %s: achieved %.0f/s, p99 %.1f ms, dropped %d%s%n",
                label,
                achieved,
                p99,
                step.dropped.sum(),
                saturated ? ", saturated" : "");
        Thread.sleep(2_000);
        return new StepResult(index, rate, achieved, step.dropped.sum(), histograms, saturated);
    }

    private void report(StepResult result, PrintWriter steps, PrintWriter percentiles) {
        String label = "step " + result.index() + " (" + Math.round(result.rate()) + "/s)";
        result.histograms().forEach((kind, histogram) -> {
            steps.printf(
                    Locale.ROOT,
                    "%d,%.0f,%.1f,%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%s,%s%n",
                    result.index(),
                    result.rate(),
                    result.achieved(),
                    kind,
                    histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(90) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getValueAtPercentile(99.9) / 1000.0,
                    histogram.getMaxValue() / 1000.0,
                    result.dropped(),
                    result.saturated(),
                    stepStatuses(kind));
            for (double percentile : PERCENTILES) {
                percentiles.printf(
                        Locale.ROOT,
                        "%s,%s,%s,%.3f%n",
                        label,
                        kind,
                        percentile,
                        histogram.getValueAtPercentile(percentile) / 1000.0);
            }
        });
        lastStepStatuses.clear();
    }

    private String stepStatuses(String kind) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(lastStepStatuses).forEach((key, count) -> {
            if (key.startsWith(kind + " ")) {
                text.append(text.isEmpty() ? "" : " ")
                        .append(key.substring(kind.length() + 1))
                        .append(':')
                        .append(count);
            }
        });
        return text.toString();
    }

    /** Every second until {@code end} and then until the step is done: the interval's count and percentiles. */
    private void sample(Step step, String label, PrintWriter series, long end) {
        long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        boolean last = false;
        while (!last) {
            LockSupport.parkNanos(next - System.nanoTime());
            last = System.nanoTime() >= end && outstanding.get() == 0
                    || System.nanoTime() > end + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 5_000L);
            long second = Math.round((next - runStart) / 1e9);
            next += TimeUnit.SECONDS.toNanos(1);
            for (String kind : List.of("view", "buy")) {
                Histogram histogram = step.interval(kind).getIntervalHistogram();
                series.printf(
                        Locale.ROOT,
                        "%s,%d,%s,%d,%.3f,%.3f,%.3f%n",
                        label,
                        second,
                        kind,
                        histogram.getTotalCount(),
                        histogram.getValueAtPercentile(50) / 1000.0,
                        histogram.getValueAtPercentile(99) / 1000.0,
                        histogram.getMaxValue() / 1000.0);
            }
        }
        step.statuses.forEach((key, count) -> lastStepStatuses.put(key, count.sum()));
    }

    private void work() {
        HttpConnection connection = null;
        while (true) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                if (connection != null) {
                    connection.close();
                }
                return;
            }
            int status;
            String body = "";
            try {
                if (connection == null || !connection.isOpen()) {
                    if (connection != null) {
                        connection.close();
                    }
                    connection = new HttpConnection(host, port, timeoutMillis);
                }
                HttpConnection.Response response = connection.exchange(task.request(), code -> code == 201);
                status = response.status();
                body = response.body();
            } catch (IOException | RuntimeException failure) {
                status = 0;
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
            record(task, System.nanoTime(), status, body);
        }
    }

    private void record(Task task, long endNanos, int status, String body) {
        Step step = task.step();
        long micros = Math.max(0, (endNanos - task.intendedNanos()) / 1000);
        micros = Math.min(micros, HIGHEST_MICROS);
        step.interval(task.kind()).recordValue(micros);
        if (task.intendedNanos() >= step.measureFromNanos) {
            step.measured(task.kind()).recordValue(micros);
            step.measuredCount.increment();
            step.lastMeasuredEnd.accumulateAndGet(endNanos, Math::max);
        }
        if (status >= 0) {
            step.count(task.kind(), status);
            statuses.computeIfAbsent(status, ignored -> new LongAdder()).increment();
            if (status > 0 && task.kind().equals("buy")) {
                answeredBuys.increment();
            }
            if (status == 201) {
                Matcher order = ORDER_ID.matcher(body);
                Matcher product = PRODUCT_ID.matcher(body);
                orders.add((order.find() ? order.group(1) : "?") + " " + (product.find() ? product.group(1) : "?"));
            }
            outstanding.decrementAndGet();
        } else {
            step.count(task.kind(), -1);
            outstanding.decrementAndGet();
        }
    }
}
