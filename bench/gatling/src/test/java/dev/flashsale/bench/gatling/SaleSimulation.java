package dev.flashsale.bench.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flash-sale mix of {@code bench/lua/sale.lua} as a Gatling simulation in the closed model: {@code users} virtual
 * users start at once, each with its own keep-alive connection, and loop for {@code seconds}: a view
 * (GET /api/products/{id}) or, with probability {@code buyShare}, a buy (POST /api/orders with a buyer's token from
 * the tokens file and a fresh Idempotency-Key). Hot products {@code hotFirst..hotLast} get {@code hotShare} of the
 * requests, the tail {@code tailFirst..tailLast} the rest. Settings are system properties (bench/gatling/run passes
 * them). Gatling's warm-up request to an outside address is turned off: only the load balancer is reached.
 */
public final class SaleSimulation extends Simulation {

    private static final AtomicLong KEYS = new AtomicLong();

    private static String setting(String name, String fallback) {
        return System.getProperty(name, fallback);
    }

    private final String baseUrl = setting("baseUrl", "http://127.0.0.1:11080");
    private final int users = Integer.parseInt(setting("users", "6000"));
    private final int seconds = Integer.parseInt(setting("seconds", "20"));
    private final double buyShare = Double.parseDouble(setting("buyShare", "0.2"));
    private final double hotShare = Double.parseDouble(setting("hotShare", "0.5"));
    private final long hotFirst = Long.parseLong(setting("hotFirst", "1"));
    private final long hotLast = Long.parseLong(setting("hotLast", "5"));
    private final long tailFirst = Long.parseLong(setting("tailFirst", "6"));
    private final long tailLast = Long.parseLong(setting("tailLast", "10005"));
    private final String run = setting("run", "gatling");
    private final String tokens = setting("tokens", "tokens.csv");

    private long product() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextDouble() < hotShare
                ? random.nextLong(hotFirst, hotLast + 1)
                : random.nextLong(tailFirst, tailLast + 1);
    }

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .disableWarmUp()
            .disableCaching()
            .acceptHeader("application/json")
            .userAgentHeader("flash-sale-gatling");

    private final ScenarioBuilder sale = scenario("sale")
            .feed(csv(tokens).circular())
            .during(Duration.ofSeconds(seconds))
            .on(exec(session -> session.set("product", product())
                            .set("buy", ThreadLocalRandom.current().nextDouble() < buyShare)
                            .set("key", run + "-g-" + KEYS.incrementAndGet()))
                    .doIfOrElse(session -> session.getBoolean("buy"))
                    .then(exec(http("buy")
                            .post("/api/orders")
                            .header("Authorization", "Bearer #{token}")
                            .header("Idempotency-Key", "#{key}")
                            .header("Content-Type", "application/json")
                            .body(StringBody("{\"productId\":#{product},\"quantity\":1}"))
                            .check(status().in(201, 409))))
                    .orElse(exec(http("view").get("/api/products/#{product}").check(status().is(200)))));

    {
        setUp(sale.injectClosed(constantConcurrentUsers(users).during(Duration.ofSeconds(seconds))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(seconds + 30L));
    }
}
