package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.api.support.TcpRelay;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2 of docs/faults.md after scenario 1: a node dies, then the primary database goes away. The products whose
 * rules, catalogue entry and stock the dead node had loaded (by reads) are still sold from the grid, because their
 * loads were backed up; a product the grid never loaded answers 503 {@code database-unavailable}. The nodes reach the
 * primary through a {@link TcpRelay}, so the test can take it away from them alone.
 */
class SellingWithoutThePrimaryClusterTest {

    private static final int PRODUCTS = 24;
    private static final Duration BACKUPS_WITHIN = Duration.ofSeconds(60);

    private NodeDatabase database;
    private SaleCatalogue catalogue;
    private TcpRelay primary;
    private AppNode doomed;
    private AppNode survivor;

    @BeforeEach
    void startNodes() {
        database = NodeDatabase.create("selling_without_primary");
        catalogue = new SaleCatalogue(database);
        primary = TcpRelay.to(TestDatabases.PRIMARY);
        String cluster = "without-primary-" + UUID.randomUUID();
        List<Integer> members = List.of(AppNode.freePort(), AppNode.freePort());
        Map<String, String> settings = Map.of(
                "inventory.db.primary-url",
                "jdbc:mysql://127.0.0.1:" + primary.port() + "/"
                        + database.schema().name(),
                "inventory.db.connection-timeout",
                "1s",
                "inventory.persistence.max-backoff",
                "1s");
        doomed = AppNode.start(cluster, members.get(0), members, database, settings);
        survivor = AppNode.start(cluster, members.get(1), members, database, settings);
        AppNode.awaitSafe(doomed, survivor);
    }

    @AfterEach
    void stopNodes() throws SQLException {
        primary.restore();
        survivor.close();
        doomed.close();
        primary.close();
        catalogue.close();
        database.close();
    }

    @Test
    void sellsWhatADeadNodeHadLoadedWhileThePrimaryIsDown() {
        List<Long> products = new ArrayList<>();
        ApiClient viewer = new ApiClient(doomed);
        for (int i = 0; i < PRODUCTS; i++) {
            long product = catalogue.product(10, 2);
            products.add(product);
            // A view loads the catalogue entry and the stock; the rules load on the first buy, as in a sale.
            assertThat(viewer.get("/api/products/" + product, null).statusCode())
                    .isEqualTo(200);
            assertThat(doomed.bean(dev.flashsale.engine.grid.GridInventory.class)
                            .rules(product))
                    .isPresent();
        }
        // Half of the entries were loaded on the node that dies (their owner); their backups are written just after.
        awaitBothReplicas();

        doomed.terminate();
        AppNode.awaitSafe(survivor);
        primary.cut();

        ApiClient client = new ApiClient(survivor);
        String token = ApiClient.bearer(TestTokens.buyer("without-primary"));
        for (long product : products) {
            HttpResponse<String> bought = client.post(
                    "/api/orders", token, "buy-" + product, "{\"productId\": " + product + ", \"quantity\": 1}");
            assertThat(bought.statusCode())
                    .as("product %d: %s", product, bought.body())
                    .isEqualTo(201);
            assertThat(client.get("/api/products/" + product, null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aProductTheGridNeverLoadedAnswersDatabaseUnavailableWhileThePrimaryIsDown() {
        long product = catalogue.product(10, 2);
        primary.cut();

        ApiClient client = new ApiClient(survivor);
        String token = ApiClient.bearer(TestTokens.buyer("without-primary"));
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<String> refused = client.post(
                    "/api/orders", token, "buy-" + attempt, "{\"productId\": " + product + ", \"quantity\": 1}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(JsonPath.<String>read(refused.body(), "$.type"))
                    .isEqualTo("urn:flash-sale:problem:database-unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }

    /**
     * Waits until every member holds a replica (the primary or its backup) of each of the {@code count} entries of the
     * rules, catalogue and stock maps: with two members, owned plus backup entries equal {@code count} on each. Returns
     * when they do or after {@link #BACKUPS_WITHIN}; what is missing then shows in the sale that follows.
     */
    private void awaitBothReplicas() {
        long giveUpAt = System.nanoTime() + BACKUPS_WITHIN.toNanos();
        while (!(replicas(doomed) && replicas(survivor))) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new AssertionError("the grid did not hold every product twice within " + BACKUPS_WITHIN);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static boolean replicas(AppNode node) {
        HazelcastInstance member = node.bean(HazelcastInstance.class);
        for (String map : List.of(InventoryMaps.RULES, InventoryMaps.PRODUCTS, InventoryMaps.STOCK)) {
            LocalMapStats stats = member.getMap(map).getLocalMapStats();
            if (stats.getOwnedEntryCount() + stats.getBackupEntryCount() < PRODUCTS) {
                return false;
            }
        }
        return true;
    }
}
