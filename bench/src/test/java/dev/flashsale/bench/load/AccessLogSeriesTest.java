package dev.flashsale.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogSeriesTest {

    @Test
    void tellsViewsBuysAndNoOpsApart() {
        assertThat(AccessLogSeries.kind("GET", "/api/products/17")).isEqualTo("view");
        assertThat(AccessLogSeries.kind("POST", "/api/orders")).isEqualTo("buy");
        assertThat(AccessLogSeries.kind("POST", "/api/benchmark/noop")).isEqualTo("noop");
        assertThat(AccessLogSeries.kind("GET", "/actuator/health")).isNull();
    }

    @Test
    void countsEachKindBySecondWithItsStatuses(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("access.log");
        Files.write(
                log,
                List.of(
                        "127.0.0.1 [21/Nov/2026:14:30:01 +0000] \"GET /api/products/1 HTTP/1.1\" 200 30 upstream=a"
                                + " upstream_status=200 request_time=0.002 upstream_time=0.002",
                        "127.0.0.1 [21/Nov/2026:14:30:01 +0000] \"POST /api/orders HTTP/1.1\" 201 80 upstream=a"
                                + " upstream_status=201 request_time=0.010 upstream_time=0.010",
                        "127.0.0.1 [21/Nov/2026:14:30:02 +0000] \"POST /api/orders HTTP/1.1\" 409 90 upstream=a"
                                + " upstream_status=409 request_time=0.004 upstream_time=0.004"));

        AccessLogSeries.main(new String[] {log.toString(), directory.toString(), "closed"});

        // Latencies as HdrHistogram keeps them (3 significant digits): 10 ms reads 10.007.
        assertThat(Files.readAllLines(directory.resolve("closed-series.csv")))
                .contains("closed,0,buy,1,10.007,10.007,10.007", "closed,1,buy,1,4.001,4.001,4.001");
        assertThat(Files.readAllLines(directory.resolve("closed-kinds.csv")))
                .anySatisfy(line -> assertThat(line).startsWith("buy,2,").endsWith(",201:1 409:1"))
                .anySatisfy(line -> assertThat(line).startsWith("view,1,").endsWith(",200:1"));
    }
}
