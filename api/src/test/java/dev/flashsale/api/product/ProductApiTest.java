package dev.flashsale.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.EventStream;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.persistence.TestSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product side of the REST API on a whole app node (real member, real MariaDB primary and replica): creating and
 * restocking products, product pages answered from the grid, catalogue pages with live availability, stock event
 * streams, and the problems for bad requests.
 */
class ProductApiTest {

    private static final int MEMBER_PORT = AppNode.freePort();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger SKUS = new AtomicInteger();
    private static final String RUN = Integer.toHexString((int) System.nanoTime());

    private static NodeDatabase database;
    private static AppNode node;

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("product_api");
        node = AppNode.start(
                "product-api-" + UUID.randomUUID(),
                MEMBER_PORT,
                List.of(MEMBER_PORT),
                database,
                Map.of(
                        "inventory.products.max-streams-per-node", "4",
                        "inventory.products.heartbeat-interval", "1s"));
    }

    @AfterAll
    static void stopNode() throws SQLException {
        if (node != null) {
            node.close();
        }
        database.close();
    }

    @Test
    void createsAProductAndAnswersItsPage() {
        String sku = newSku();
        HttpResponse<String> created = post("/api/admin/products", """
                {"sku": "%s", "name": "Kettle", "description": "Boils water", "price": "24.9", "stock": 40,
                 "perUserLimit": 2, "colour": "ignored"}""".formatted(sku));

        assertThat(created.statusCode()).isEqualTo(201);
        long id = JsonPath.<Number>read(created.body(), "$.id").longValue();
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/api/products/" + id));
        assertThat(created.body()).contains("\"price\":24.90");
        assertThat(JsonPath.<String>read(created.body(), "$.description")).isEqualTo("Boils water");
        assertThat(JsonPath.<Integer>read(created.body(), "$.available")).isEqualTo(40);

        HttpResponse<String> page = get("/api/products/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Number>read(page.body(), "$.id").longValue()).isEqualTo(id);
        assertThat(JsonPath.<String>read(page.body(), "$.sku")).isEqualTo(sku);
        assertThat(JsonPath.<String>read(page.body(), "$.name")).isEqualTo("Kettle");
        assertThat(page.body()).contains("\"price\":24.90");
        assertThat(JsonPath.<Integer>read(page.body(), "$.available")).isEqualTo(40);
        assertThat(JsonPath.<Integer>read(page.body(), "$.perUserLimit")).isEqualTo(2);
    }

    @Test
    void answersAProductPageWithoutTheDatabase() throws SQLException {
        long id = create(12);
        node.bean(GridInventory.class).buy(id, "alice", 2, OpId.random());
        assertThat(JsonPath.<Integer>read(get("/api/products/" + id).body(), "$.available"))
                .isEqualTo(10);

        // Behind the grid's back: the product renamed, then the catalogue and stock tables gone from the primary, so
        // that any read of them fails. The page answers as the grid has it.
        TestSchema schema = database.schema();
        schema.executeOnPrimary(
                "UPDATE products SET name = 'Renamed behind the grid' WHERE id = " + id,
                "RENAME TABLE products TO products_away, stock_totals TO stock_totals_away");
        try {
            for (int read = 0; read < 3; read++) {
                HttpResponse<String> page = get("/api/products/" + id);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(JsonPath.<Integer>read(page.body(), "$.available")).isEqualTo(10);
                assertThat(JsonPath.<String>read(page.body(), "$.name")).isEqualTo("Product");
            }
        } finally {
            schema.executeOnPrimary("RENAME TABLE products_away TO products, stock_totals_away TO stock_totals");
        }
    }

    @Test
    void findsAProductThatWasAskedForBeforeItExisted() {
        long before = create(1);
        // Ids are consecutive here: nothing else creates products in this database in between.
        HttpResponse<String> unknown = get("/api/products/" + (before + 1));
        assertThat(unknown.statusCode()).isEqualTo(404);

        long id = create(3);

        assertThat(id).isEqualTo(before + 1);
        HttpResponse<String> page = get("/api/products/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(page.body(), "$.available")).isEqualTo(3);
    }

    @Test
    void answersACataloguePageFromTheReplicaWithLiveAvailability() throws SQLException {
        long first = create(5);
        long second = create(6);
        long third = create(7);
        node.bean(GridInventory.class).buy(second, "bob", 4, OpId.random());
        TestSchema.awaitReplica();

        HttpResponse<String> page = get("/api/products?page=0&size=100");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(page.body(), "$.page")).isZero();
        assertThat(JsonPath.<Integer>read(page.body(), "$.size")).isEqualTo(100);
        assertThat(JsonPath.<Boolean>read(page.body(), "$.hasNext")).isFalse();
        assertThat(available(page, first)).isEqualTo(5);
        assertThat(available(page, second)).isEqualTo(2);
        assertThat(available(page, third)).isEqualTo(7);
        assertThat(JsonPath.<List<String>>read(page.body(), "$.content[?(@.id == " + first + ")].sku"))
                .singleElement()
                .asString()
                .startsWith("API-");

        HttpResponse<String> small = get("/api/products?size=1");
        assertThat(JsonPath.<List<Object>>read(small.body(), "$.content")).hasSize(1);
        assertThat(JsonPath.<Boolean>read(small.body(), "$.hasNext")).isTrue();
    }

    @Test
    void refusesBadPagingAsAProblem() {
        Map<String, String> bad = Map.of(
                "page=-1", "page",
                "size=0", "size",
                "size=101", "size",
                "page=abc", "page",
                "size=2.5", "size",
                "page=99999999999", "page");
        bad.forEach((query, field) -> {
            HttpResponse<String> response = get("/api/products?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertProblem(response, "urn:flash-sale:problem:invalid-request", 400);
            assertThat(JsonPath.<String>read(response.body(), "$.errors[0].field"))
                    .as(query)
                    .isEqualTo(field);
        });
    }

    @Test
    void refusesBadProductsWithTheirFields() {
        Map<String, List<String>> bad = Map.of(
                "{\"name\": \"N\", \"price\": 1, \"stock\": 1}", List.of("sku"),
                "{\"sku\": \"S\", \"name\": \"N\", \"price\": 1.005, \"stock\": 1}", List.of("price"),
                "{\"sku\": \"S\", \"name\": \"N\", \"price\": \"abc\", \"stock\": -1}", List.of("price", "stock"),
                "{\"sku\": \"S\", \"name\": \"\", \"price\": 0, \"stock\": 1, \"perUserLimit\": 0}",
                        List.of("name", "price", "perUserLimit"));
        bad.forEach((body, fields) -> {
            HttpResponse<String> response = post("/api/admin/products", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertProblem(response, "urn:flash-sale:problem:invalid-request", 400);
            assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                    .as(body)
                    .containsExactlyInAnyOrderElementsOf(fields);
        });
        HttpResponse<String> malformed = post("/api/admin/products", "{\"sku\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertProblem(malformed, "urn:flash-sale:problem:invalid-request", 400);
    }

    @Test
    void refusesADuplicateSku() {
        String sku = newSku();
        String body = "{\"sku\": \"%s\", \"name\": \"N\", \"price\": 1, \"stock\": 1}";
        assertThat(post("/api/admin/products", body.formatted(sku)).statusCode())
                .isEqualTo(201);

        HttpResponse<String> again = post("/api/admin/products", body.formatted(sku.toLowerCase()));

        assertThat(again.statusCode()).isEqualTo(409);
        assertProblem(again, "urn:flash-sale:problem:duplicate-sku", 409);
    }

    @Test
    void restocksThroughTheDatabaseAndShowsItOnTheProductPage() {
        long id = create(5);
        SoldOutProducts soldOut = node.bean(SoldOutProducts.class);
        soldOut.markSoldOut(id);

        HttpResponse<String> restocked = post("/api/admin/products/" + id + "/restock", "{\"quantity\": 7}");

        assertThat(restocked.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(restocked.body(), "$.available")).isEqualTo(12);
        assertThat(JsonPath.<Number>read(restocked.body(), "$.id").longValue()).isEqualTo(id);
        assertThat(JsonPath.<Integer>read(get("/api/products/" + id).body(), "$.available"))
                .isEqualTo(12);
        assertThat(soldOut.isSoldOut(id)).as("a restock reopens the product").isFalse();
    }

    @Test
    void appliesARestockRepeatedWithItsIdempotencyKeyOnce() {
        long id = create(5);

        HttpResponse<String> first = post("/api/admin/products/" + id + "/restock", "{\"quantity\": 3}", "key-1");
        HttpResponse<String> again = post("/api/admin/products/" + id + "/restock", "{\"quantity\": 3}", "key-1");

        assertThat(JsonPath.<Integer>read(first.body(), "$.available")).isEqualTo(8);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(again.body(), "$.available")).isEqualTo(8);
        assertThat(JsonPath.<Integer>read(get("/api/products/" + id).body(), "$.available"))
                .isEqualTo(8);
    }

    @Test
    void refusesRestocksOfUnknownProductsAndBadQuantities() {
        HttpResponse<String> unknown = post("/api/admin/products/987654321/restock", "{\"quantity\": 1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertProblem(unknown, "urn:flash-sale:problem:product-not-found", 404);

        long id = create(1);
        for (String body : List.of("{\"quantity\": 0}", "{\"quantity\": \"2\"}", "{}")) {
            HttpResponse<String> bad = post("/api/admin/products/" + id + "/restock", body);
            assertThat(bad.statusCode()).as(body).isEqualTo(400);
            assertThat(JsonPath.<String>read(bad.body(), "$.errors[0].field")).isEqualTo("quantity");
        }
    }

    @Test
    void answersAdminOperationsAndCataloguePagesWithARetryableProblemWhileTheDatabaseFails() throws SQLException {
        long id = create(2);
        TestSchema schema = database.schema();
        // Every statement on the catalogue now fails on the primary, and on the replica once it has replicated this.
        schema.executeOnPrimary("RENAME TABLE products TO products_away, stock_totals TO stock_totals_away");
        try {
            TestSchema.awaitReplica();
            List<HttpResponse<String>> failed = List.of(
                    post(
                            "/api/admin/products",
                            "{\"sku\": \"%s\", \"name\": \"N\", \"price\": 1, \"stock\": 1}".formatted(newSku())),
                    post("/api/admin/products/" + id + "/restock", "{\"quantity\": 1}"),
                    get("/api/products?page=0&size=5"));
            for (HttpResponse<String> response : failed) {
                assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(503);
                assertProblem(response, "urn:flash-sale:problem:database-unavailable", 503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            }
            assertThat(JsonPath.<String>read(failed.getFirst().body(), "$.detail"))
                    .contains("admin operations need the database");
        } finally {
            schema.executeOnPrimary("RENAME TABLE products_away TO products, stock_totals_away TO stock_totals");
        }
        assertThat(JsonPath.<Integer>read(get("/api/products/" + id).body(), "$.available"))
                .isEqualTo(2);
    }

    @Test
    void streamsTheFiguresAtOnceAndAChangeAfterABuy() throws InterruptedException {
        long id = create(9);
        try (EventStream events = EventStream.open(node.url("/api/products/" + id + "/events"))) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.contentType()).startsWith("text/event-stream");
            EventStream.Event first = events.next(EVENT_WAIT);
            assertThat(first.name()).isEqualTo("stock");
            assertThat(JsonPath.<Number>read(first.data(), "$.productId").longValue())
                    .isEqualTo(id);
            assertThat(JsonPath.<Integer>read(first.data(), "$.available")).isEqualTo(9);

            node.bean(GridInventory.class).buy(id, "carol", 2, OpId.random());

            EventStream.Event bought = events.next(EVENT_WAIT);
            assertThat(bought.name()).isEqualTo("stock");
            assertThat(JsonPath.<Integer>read(bought.data(), "$.available")).isEqualTo(7);
            assertThat(JsonPath.<Integer>read(bought.data(), "$.held")).isZero();
            assertThat(JsonPath.<Integer>read(bought.data(), "$.sold")).isEqualTo(2);
        }
        awaitNoStreams();
    }

    @Test
    void streamsARestock() throws InterruptedException {
        long id = create(5);
        try (EventStream events = EventStream.open(node.url("/api/products/" + id + "/events"))) {
            assertThat(JsonPath.<Integer>read(events.next(EVENT_WAIT).data(), "$.available"))
                    .isEqualTo(5);

            assertThat(post("/api/admin/products/" + id + "/restock", "{\"quantity\": 3}")
                            .statusCode())
                    .isEqualTo(200);

            assertThat(JsonPath.<Integer>read(events.next(EVENT_WAIT).data(), "$.available"))
                    .isEqualTo(8);
        }
        awaitNoStreams();
    }

    @Test
    void answersAStreamOfAnUnknownProductWithAProblemBeforeItStarts() {
        try (EventStream unknown = EventStream.open(node.url("/api/products/987654321/events"))) {
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.contentType()).isEqualTo("application/problem+json");
            assertThat(JsonPath.<String>read(unknown.body(), "$.type"))
                    .isEqualTo("urn:flash-sale:problem:product-not-found");
        }
        try (EventStream malformed = EventStream.open(node.url("/api/products/abc/events"))) {
            assertThat(malformed.status()).isEqualTo(400);
        }
    }

    @Test
    void refusesStreamsBeyondTheNodesLimit() {
        long id = create(1);
        List<EventStream> open = new ArrayList<>();
        try {
            EventStream refused = null;
            for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
                EventStream stream = EventStream.open(node.url("/api/products/" + id + "/events"));
                open.add(stream);
                if (stream.status() != 200) {
                    refused = stream;
                }
            }
            assertThat(refused).as("one of 5 streams refused with a limit of 4").isNotNull();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(JsonPath.<String>read(refused.body(), "$.type"))
                    .isEqualTo("urn:flash-sale:problem:too-many-streams");
        } finally {
            open.forEach(EventStream::close);
            awaitNoStreams();
        }
    }

    /** Waits until the node noticed that every client hung up (at the latest with the next heartbeat, 1 s here). */
    private static void awaitNoStreams() {
        StockEvents events = node.bean(StockEvents.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.streams() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(events.streams()).as("streams still open").isZero();
        assertThat(events.watchedProducts()).as("products still watched").isZero();
    }

    private static int available(HttpResponse<String> page, long id) {
        List<Integer> available = JsonPath.read(page.body(), "$.content[?(@.id == " + id + ")].available");
        assertThat(available).as("product %d on the page", id).hasSize(1);
        return available.getFirst();
    }

    /** Creates a product named "Product" through the admin API; returns its id. */
    private static long create(int stock) {
        HttpResponse<String> created = post(
                "/api/admin/products",
                "{\"sku\": \"%s\", \"name\": \"Product\", \"price\": 9.99, \"stock\": %d}".formatted(newSku(), stock));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.<Number>read(created.body(), "$.id").longValue();
    }

    private static String newSku() {
        return "API-" + RUN + "-" + SKUS.incrementAndGet();
    }

    private static void assertProblem(HttpResponse<String> response, String type, int status) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo(type);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(node.url(path))).GET().build());
    }

    private static HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(node.url(path)))
                .header("Content-Type", "application/json")
                .header("Authorization", ApiClient.administrator())
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static HttpResponse<String> post(String path, String json, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(node.url(path)))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header("Authorization", ApiClient.administrator())
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
