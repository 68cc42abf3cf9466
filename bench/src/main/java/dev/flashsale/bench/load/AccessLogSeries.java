package dev.flashsale.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The closed model's per-second series and latency distributions as the load balancer saw them, from the part of
 * nginx's access log that a run wrote ({@code scripts/lb}'s format: {@code [time_local] "request" status ...
 * request_time=seconds}). wrk reports one latency distribution for all requests together; nginx's log has every
 * request's kind, status and time, to the millisecond, measured from its first byte at nginx to the last byte sent
 * back (so it leaves out the time a request waited in the kernel's accept queue or in wrk).
 *
 * <p>As a program: {@code AccessLogSeries LOG_PART OUT_DIR PREFIX} writes {@code PREFIX-series.csv} (per second and
 * kind: count, p50, p99, max), {@code PREFIX-percentiles.csv} and {@code PREFIX-kinds.csv} (per kind: count,
 * percentiles, statuses). Kinds: {@code view} (GET /api/products/…), {@code buy} (POST /api/orders), {@code noop}
 * (POST /api/benchmark/noop). Not thread-safe.
 */
public final class AccessLogSeries {

    private static final Pattern LINE =
            Pattern.compile("\\[([^\\]]+)\\] \"(\\S+) (\\S+)[^\"]*\" (\\d{3}) .*request_time=([0-9.]+)");
    private static final DateTimeFormatter TIME_LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final double[] PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};

    private AccessLogSeries() {}

    static String kind(String method, String path) {
        if (method.equals("GET") && path.startsWith("/api/products/")) {
            return "view";
        }
        if (method.equals("POST") && path.equals("/api/orders")) {
            return "buy";
        }
        if (method.equals("POST") && path.equals("/api/benchmark/noop")) {
            return "noop";
        }
        return null;
    }

    public static void main(String[] arguments) throws IOException {
        if (arguments.length != 3) {
            System.err.println("usage: AccessLogSeries LOG_PART OUT_DIR PREFIX");
            System.exit(2);
        }
        Path out = Path.of(arguments[1]);
        String prefix = arguments[2];
        Map<Long, Map<String, Histogram>> perSecond = new TreeMap<>();
        Map<String, Histogram> total = new TreeMap<>();
        Map<String, Map<Integer, Long>> statuses = new TreeMap<>();
        Map<String, Long> epochs = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(Path.of(arguments[0]))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher match = LINE.matcher(line);
                if (!match.find()) {
                    continue;
                }
                String kind = kind(match.group(2), match.group(3));
                if (kind == null) {
                    continue;
                }
                long second = epochs.computeIfAbsent(
                        match.group(1),
                        time -> OffsetDateTime.parse(time, TIME_LOCAL).toEpochSecond());
                long micros = Math.round(Double.parseDouble(match.group(5)) * 1_000_000);
                perSecond
                        .computeIfAbsent(second, ignored -> new TreeMap<>())
                        .computeIfAbsent(kind, ignored -> new Histogram(3))
                        .recordValue(micros);
                total.computeIfAbsent(kind, ignored -> new Histogram(3)).recordValue(micros);
                statuses.computeIfAbsent(kind, ignored -> new TreeMap<>())
                        .merge(Integer.parseInt(match.group(4)), 1L, Long::sum);
            }
        }
        long first = perSecond.isEmpty() ? 0 : perSecond.keySet().iterator().next();
        try (PrintWriter series = new PrintWriter(Files.newBufferedWriter(out.resolve(prefix + "-series.csv")))) {
            series.println("label,second,kind,count,p50_ms,p99_ms,max_ms");
            perSecond.forEach((second, kinds) -> kinds.forEach((kind, histogram) -> series.printf(
                    Locale.ROOT,
                    "%s,%d,%s,%d,%.3f,%.3f,%.3f%n",
                    prefix,
                    second - first,
                    kind,
                    histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0)));
        }
        try (PrintWriter percentiles =
                        new PrintWriter(Files.newBufferedWriter(out.resolve(prefix + "-percentiles.csv")));
                PrintWriter kinds = new PrintWriter(Files.newBufferedWriter(out.resolve(prefix + "-kinds.csv")))) {
            percentiles.println("label,kind,percentile,ms");
            kinds.println("kind,count,per_second,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,statuses");
            long seconds = Math.max(1, perSecond.size());
            total.forEach((kind, histogram) -> {
                for (double percentile : PERCENTILES) {
                    percentiles.printf(
                            Locale.ROOT,
                            "%s (nginx),%s,%s,%.3f%n",
                            prefix,
                            kind,
                            percentile,
                            histogram.getValueAtPercentile(percentile) / 1000.0);
                }
                StringBuilder codes = new StringBuilder();
                statuses.get(kind)
                        .forEach((status, count) -> codes.append(codes.isEmpty() ? "" : " ")
                                .append(status)
                                .append(':')
                                .append(count));
                kinds.printf(
                        Locale.ROOT,
                        "%s,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%s%n",
                        kind,
                        histogram.getTotalCount(),
                        histogram.getTotalCount() / (double) seconds,
                        histogram.getValueAtPercentile(50) / 1000.0,
                        histogram.getValueAtPercentile(90) / 1000.0,
                        histogram.getValueAtPercentile(99) / 1000.0,
                        histogram.getValueAtPercentile(99.9) / 1000.0,
                        histogram.getMaxValue() / 1000.0,
                        codes);
            });
        }
    }
}
