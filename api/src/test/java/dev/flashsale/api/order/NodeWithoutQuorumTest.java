package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.cluster.splitbrain.MemberQuorum;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Split-brain protection as a buyer sees it: two app nodes that need 2 members to sell (as the deployment's two nodes
 * and witness do), one of them killed. The node left alone cannot tell a dead peer from a cut link, so it sells
 * nothing: every purchase and every view of stock is a 503 {@code unavailable} problem with {@code Retry-After} (nginx
 * passes such a view to the other node), never a 500, and nothing is sold.
 */
class NodeWithoutQuorumTest {

    private NodeDatabase database;
    private SaleCatalogue catalogue;
    private AppNode doomed;
    private AppNode alone;

    @BeforeEach
    void startNodes() {
        database = NodeDatabase.create("without_quorum");
        catalogue = new SaleCatalogue(database);
        String cluster = "quorum-" + UUID.randomUUID();
        int doomedPort = AppNode.freePort();
        int alonePort = AppNode.freePort();
        List<Integer> members = List.of(doomedPort, alonePort);
        Map<String, String> protectedNodes = Map.of("inventory.node.minimum-cluster-size", "2");
        // Started together: a protected node creates its maps only once it sees the quorum.
        CompletableFuture<AppNode> first = CompletableFuture.supplyAsync(
                () -> AppNode.start(cluster, doomedPort, members, database, protectedNodes));
        alone = AppNode.start(cluster, alonePort, members, database, protectedNodes);
        doomed = first.join();
        AppNode.awaitSafe(doomed, alone);
    }

    @AfterEach
    void stopNodes() throws SQLException {
        alone.close();
        doomed.close();
        catalogue.close();
        database.close();
    }

    @Test
    void aNodeLeftAloneAnswersEveryPurchaseAndViewWith503AndSellsNothing() {
        long product = catalogue.product(10, 0);
        ApiClient client = new ApiClient(alone);
        awaitQuorum(alone, true);
        assertThat(buy(client, product, "before").statusCode()).isEqualTo(201);

        doomed.terminate();
        awaitQuorum(alone, false);

        for (HttpResponse<String> refused : List.of(
                buy(client, product, "after"),
                client.post(
                        "/api/reservations",
                        ApiClient.bearer(TestTokens.buyer("carol")),
                        "hold",
                        "{\"productId\":" + product + ",\"quantity\":1}"),
                client.get("/api/products/" + product, null))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body())
                    .contains("urn:flash-sale:problem:unavailable")
                    .contains("cut off from the rest of the grid");
        }
        // Reads of a map are allowed: one order, the one sold before the peer died.
        HazelcastInstance member = alone.bean(HazelcastInstance.class);
        assertThat(member.getMap(InventoryMaps.ORDERS).size()).isOne();
    }

    private static HttpResponse<String> buy(ApiClient client, long product, String key) {
        return client.post(
                "/api/orders",
                ApiClient.bearer(TestTokens.buyer("carol")),
                key,
                "{\"productId\":" + product + ",\"quantity\":1}");
    }

    private static void awaitQuorum(AppNode node, boolean allowsChanges) {
        HazelcastInstance member = node.bean(HazelcastInstance.class);
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (member.getSplitBrainProtectionService()
                        .getSplitBrainProtection(MemberQuorum.NAME)
                        .hasMinimumSize()
                != allowsChanges) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new AssertionError("the node's quorum is not " + allowsChanges + " after 30 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
