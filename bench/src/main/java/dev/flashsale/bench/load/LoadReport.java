package dev.flashsale.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The report of a load run as one self-contained HTML page (inline SVG, no script, nothing fetched): the run's
 * description ({@code meta.txt}), per phase the throughput and latency over time ({@code *-series.csv}), the latency
 * distributions ({@code *-percentiles.csv}), the tables of kinds and steps ({@code *-kinds.csv}, {@code
 * open-steps.csv}), the open model's latency against the rate, and the raw summaries and audits ({@code
 * *-summary.txt}, {@code audit*.txt}).
 *
 * <p>As a program: {@code LoadReport DIR} writes {@code DIR/report.html}. Not thread-safe.
 */
public final class LoadReport {

    private LoadReport() {}

    public static void main(String[] arguments) throws IOException {
        if (arguments.length != 1) {
            System.err.println("usage: LoadReport DIR");
            System.exit(2);
        }
        Path directory = Path.of(arguments[0]);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load run ")
                .append(SvgChart.escape(directory.getFileName().toString()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:20px;max-width:1200px}"
                        + "table{border-collapse:collapse;font-size:12px;margin:8px 0}"
                        + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
                        + "th{background:#f3f3f3}pre{background:#f7f7f7;padding:8px;font-size:11px;overflow:auto}"
                        + "</style></head><body>\n<h1>Load run ")
                .append(SvgChart.escape(directory.getFileName().toString()))
                .append("</h1>\n");
        Path meta = directory.resolve("meta.txt");
        if (Files.exists(meta)) {
            html.append("<pre>").append(SvgChart.escape(Files.readString(meta))).append("</pre>\n");
        }
        for (Path series : files(directory, "-series.csv")) {
            String phase = series.getFileName().toString().replace("-series.csv", "");
            html.append("<h2>").append(SvgChart.escape(phase)).append("</h2>\n");
            seriesCharts(html, phase, rows(series));
            Path kinds = directory.resolve(phase + "-kinds.csv");
            if (Files.exists(kinds)) {
                html.append("<p>Per kind, as nginx logged them (latency from nginx's first byte to its last):</p>\n");
                table(html, rows(kinds));
            }
            Path steps = directory.resolve(phase + "-steps.csv");
            if (Files.exists(steps)) {
                List<Map<String, String>> stepRows = rows(steps);
                html.append("<p>Per step (latency from each request's intended start, corrected for coordinated"
                        + " omission):</p>\n");
                table(html, stepRows);
                rateCharts(html, stepRows);
            }
            Path percentiles = directory.resolve(phase + "-percentiles.csv");
            if (Files.exists(percentiles)) {
                percentileCharts(html, phase, rows(percentiles));
            }
        }
        for (Path text : files(directory, ".txt")) {
            String name = text.getFileName().toString();
            if (name.equals("meta.txt") || name.endsWith("-orders.txt")) {
                continue;
            }
            html.append("<h3>")
                    .append(SvgChart.escape(name))
                    .append("</h3>\n<pre>")
                    .append(SvgChart.escape(Files.readString(text)))
                    .append("</pre>\n");
        }
        html.append("</body></html>\n");
        Files.writeString(directory.resolve("report.html"), html, StandardCharsets.UTF_8);
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int column = 0; column < header.length && column < cells.length; column++) {
                row.put(header[column], cells[column]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    private static void seriesCharts(StringBuilder html, String phase, List<Map<String, String>> rows) {
        SvgChart throughput =
                new SvgChart(phase + ": responses per second", "second of the run", "responses/s", false, false);
        SvgChart latency = new SvgChart(phase + ": latency per second", "second of the run", "ms", true, false);
        Map<String, List<double[]>> counts = new LinkedHashMap<>();
        Map<String, List<double[]>> p50 = new LinkedHashMap<>();
        Map<String, List<double[]>> p99 = new LinkedHashMap<>();
        String label = null;
        for (Map<String, String> row : rows) {
            String kind = row.get("kind");
            double second = number(row, "second");
            if (!row.get("label").equals(label)) {
                label = row.get("label");
                if (!label.equals(phase)) {
                    throughput.marker(second, label);
                    latency.marker(second, label);
                }
            }
            counts.computeIfAbsent(kind, ignored -> new ArrayList<>()).add(new double[] {second, number(row, "count")});
            if (number(row, "count") > 0) {
                p50.computeIfAbsent(kind, ignored -> new ArrayList<>())
                        .add(new double[] {second, number(row, "p50_ms")});
                p99.computeIfAbsent(kind, ignored -> new ArrayList<>())
                        .add(new double[] {second, number(row, "p99_ms")});
            }
        }
        counts.forEach(throughput::line);
        p99.forEach((kind, points) -> latency.line(kind + " p99", points));
        p50.forEach((kind, points) -> latency.dashed(kind + " p50", points));
        html.append(throughput.render()).append(latency.render());
    }

    private static void percentileCharts(StringBuilder html, String phase, List<Map<String, String>> rows) {
        Map<String, SvgChart> charts = new LinkedHashMap<>();
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            String kind = row.get("kind");
            charts.computeIfAbsent(
                    kind,
                    ignored -> new SvgChart(
                            phase + ": " + kind + " latency by percentile", "percentile", "ms", true, true));
            lines.computeIfAbsent(kind + "\u0000" + row.get("label"), ignored -> new ArrayList<>())
                    .add(new double[] {number(row, "percentile"), number(row, "ms")});
        }
        lines.forEach((key, points) -> {
            String[] parts = key.split("\u0000", 2);
            charts.get(parts[0]).line(parts[1], points);
        });
        charts.values().forEach(chart -> html.append(chart.render()));
    }

    private static void rateCharts(StringBuilder html, List<Map<String, String>> rows) {
        SvgChart latency =
                new SvgChart("latency against the arrival rate", "target rate (requests/s)", "ms", true, false);
        SvgChart achieved = new SvgChart(
                "achieved against target rate", "target rate (requests/s)", "achieved requests/s", false, false);
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        List<double[]> achievedPoints = new ArrayList<>();
        List<double[]> ideal = new ArrayList<>();
        List<Map<String, String>> sorted = new ArrayList<>(rows);
        sorted.sort((left, right) -> Double.compare(number(left, "target_rate"), number(right, "target_rate")));
        for (Map<String, String> row : sorted) {
            double rate = number(row, "target_rate");
            String kind = row.get("kind");
            for (String percentile : List.of("p50_ms", "p99_ms", "p999_ms")) {
                lines.computeIfAbsent(kind + " " + percentile.replace("_ms", ""), ignored -> new ArrayList<>())
                        .add(new double[] {rate, number(row, percentile)});
            }
            if (kind.equals("view")) {
                achievedPoints.add(new double[] {rate, number(row, "achieved_rate")});
                ideal.add(new double[] {rate, rate});
            }
        }
        lines.forEach(latency::line);
        achieved.line("achieved", achievedPoints).dashed("target", ideal);
        html.append(latency.render()).append(achieved.render());
    }

    private static void table(StringBuilder html, List<Map<String, String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        html.append("<table><tr>");
        rows.get(0)
                .keySet()
                .forEach(column ->
                        html.append("<th>").append(SvgChart.escape(column)).append("</th>"));
        html.append("</tr>\n");
        for (Map<String, String> row : rows) {
            html.append("<tr>");
            row.values()
                    .forEach(cell ->
                            html.append("<td>").append(SvgChart.escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        html.append(String.format(Locale.ROOT, "<!-- %d rows -->%n", rows.size()));
    }
}
