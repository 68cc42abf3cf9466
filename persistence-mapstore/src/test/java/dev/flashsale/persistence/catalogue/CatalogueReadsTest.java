package dev.flashsale.persistence.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.ProductRow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogueReadsTest {

    private static final CatalogueReadSettings CHECK_OFTEN =
            new CatalogueReadSettings(Duration.ofSeconds(5), Duration.ofMillis(100));
    private static final AtomicLong SKUS = new AtomicLong();

    private static TestSchema schema;
    private static Database database;
    private static ProductDao products;

    @BeforeAll
    static void startDatabase() {
        schema = TestDatabases.createSchema("catalogue");
        database = schema.start();
        products = new ProductDao(database.primary());
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    private static ProductRow newProduct() {
        String sku = "CAT-" + SKUS.incrementAndGet();
        return ((CreateProductOutcome.Created) products.create(NewProduct.of(sku, sku, BigDecimal.ONE, 3))).product();
    }

    private static double fallbacks(SimpleMeterRegistry meters, String reason) {
        return meters.get("inventory.persistence.replica.fallbacks")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void readsFromTheReplicaWhileItIsCurrent() throws SQLException {
        ProductRow product = newProduct();
        TestSchema.awaitReplica();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CatalogueReads reads = new CatalogueReads(database, CHECK_OFTEN, meters);

        assertThat(reads.product(product.id())).contains(product);
        assertThat(reads.readsFromReplica()).isTrue();
        assertThat(reads.replicaHealth())
                .hasValueSatisfying(health -> assertThat(health)
                        .isInstanceOfSatisfying(
                                ReplicaHealth.Current.class,
                                current -> assertThat(current.lagSeconds()).isBetween(0L, 5L)));
        assertThat(meters.get("inventory.persistence.replica.fallbacks").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(meters.get("inventory.persistence.replica.lag").gauge().value())
                .isBetween(0.0, 5.0);
    }

    @Test
    void fallsBackToThePrimaryWhenTheReplicaIsDown() throws IOException {
        ProductRow product = newProduct();
        String nowhere = "jdbc:mysql://127.0.0.1:" + closedPort() + "/" + schema.name();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database replicaDown = Database.start(schema.settings().withReplicaUrl(Optional.of(nowhere)))) {
            CatalogueReads reads = new CatalogueReads(replicaDown, CHECK_OFTEN, meters);

            assertThat(reads.product(product.id())).contains(product);
            assertThat(reads.stockTotals(product.id()).orElseThrow().received()).isEqualTo(3);
            assertThat(reads.readsFromReplica()).isFalse();
            assertThat(reads.replicaHealth())
                    .hasValueSatisfying(health -> assertThat(health)
                            .isInstanceOfSatisfying(
                                    ReplicaHealth.Unusable.class,
                                    unusable -> assertThat(unusable.reason()).isEqualTo(FallbackReason.DOWN)));
        }
        assertThat(fallbacks(meters, "down")).isEqualTo(2);
    }

    @Test
    void fallsBackToThePrimaryWhileTheReplicaDoesNotReplicate() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CatalogueReads reads = new CatalogueReads(database, CHECK_OFTEN, meters);
        assertThat(reads.readsFromReplica()).isTrue();
        TestSchema.executeOnReplica("STOP SLAVE SQL_THREAD");
        try {
            ProductRow notOnTheReplica = newProduct();
            Thread.sleep(CHECK_OFTEN.checkInterval().toMillis() + 50);

            assertThat(reads.product(notOnTheReplica.id())).contains(notOnTheReplica);
            assertThat(fallbacks(meters, "not_replicating")).isEqualTo(1);
        } finally {
            TestSchema.executeOnReplica("START SLAVE SQL_THREAD");
        }
        TestSchema.awaitReplica();
        Thread.sleep(CHECK_OFTEN.checkInterval().toMillis() + 50);

        assertThat(reads.readsFromReplica()).isTrue();
        reads.catalogue(0, 10);
        assertThat(fallbacks(meters, "not_replicating")).isEqualTo(1);
    }

    @Test
    void readsEverythingFromThePrimaryWithoutAReplica() {
        ProductRow product = newProduct();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database primaryOnly = Database.start(schema.settings().withReplicaUrl(Optional.empty()))) {
            CatalogueReads reads = new CatalogueReads(primaryOnly, CHECK_OFTEN, meters);

            assertThat(reads.product(product.id())).contains(product);
            assertThat(reads.search(product.sku(), 5)).containsExactly(product);
            assertThat(reads.readsFromReplica()).isFalse();
            assertThat(reads.replicaHealth()).isEmpty();
        }
        assertThat(meters.get("inventory.persistence.replica.fallbacks").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }
}
