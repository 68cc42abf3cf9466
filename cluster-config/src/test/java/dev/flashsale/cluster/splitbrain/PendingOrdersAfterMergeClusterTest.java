package dev.flashsale.cluster.splitbrain;

import static dev.flashsale.cluster.splitbrain.CuttableCluster.NODE1;
import static dev.flashsale.cluster.splitbrain.CuttableCluster.NODE2;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.PersistenceSettings;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's partition run found orders a node placed and wrote to the database in the seconds before it knew
 * it had lost the quorum: the merge then dropped their grid entries (the side that kept the quorum is the authority),
 * and the rows stayed {@code PENDING} with nothing in the grid to settle them. A member that merged loads such rows
 * again ({@code PersistenceGrid}, on {@code MERGED}). Here, in one JVM with a real database: the link between the nodes
 * is cut, the removed node's order reaches the database but not the quorum side's grid, and after the heal and the
 * merge the grid holds it, loaded by nobody asking for it.
 */
class PendingOrdersAfterMergeClusterTest {

    private static final long ORDER_ID = 9_000_001L;

    private TestSchema schema;
    private Database database;
    private CuttableCluster cluster;

    @BeforeEach
    void start() {
        schema = TestDatabases.createSchema("merge_reload");
        database = schema.start();
        cluster = CuttableCluster.startPersistent(EngineSettings.DEFAULTS, database, PersistenceSettings.DEFAULTS);
    }

    @AfterEach
    void stop() throws SQLException {
        if (cluster != null) {
            cluster.close();
        }
        database.close();
        schema.close();
    }

    @Test
    void theNodeThatMergedLoadsTheOrdersTheDatabaseHasAsPendingAndTheGridLost() throws SQLException {
        MergeEvents merges = cluster.mergeEvents();
        long product = createProduct();

        cluster.cut(NODE1, NODE2);
        int selling = cluster.awaitNodeRemoved() == NODE1 ? NODE2 : NODE1;
        // What the removed node wrote before it knew: a pending order the quorum side's grid never had.
        schema.executeOnPrimary("INSERT INTO orders (id, user_id, product_id, quantity, status, idempotency_key,"
                + " created_at, updated_at) VALUES (" + ORDER_ID + ", 'cut-off-buyer', " + product
                + ", 1, 'PENDING', 'cut-off-key', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
        IMap<Long, Order> orders = cluster.member(selling).getMap(InventoryMaps.ORDERS);
        assertThat(orders.keySet()).as("the quorum side's grid").doesNotContain(ORDER_ID);

        cluster.heal(NODE1, NODE2);
        cluster.awaitHealed(merges);

        // keySet() lists what the grid holds without loading anything through the map store.
        CuttableCluster.await(
                () -> orders.keySet().contains(ORDER_ID),
                Duration.ofSeconds(30),
                "the merged member to load the order the database has as pending: " + merges);
        assertThat(orders.get(ORDER_ID).buyerId()).isEqualTo("cut-off-buyer");
    }

    private long createProduct() {
        CreateProductOutcome created = new ProductDao(database.primary())
                .create(NewProduct.of("MERGE-1", "Merge reload product", new BigDecimal("9.99"), 10));
        return ((CreateProductOutcome.Created) created).product().id();
    }
}
