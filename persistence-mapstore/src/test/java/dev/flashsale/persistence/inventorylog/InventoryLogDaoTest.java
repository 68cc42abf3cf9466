package dev.flashsale.persistence.inventorylog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InventoryLogDaoTest {

    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static TestSchema schema;
    private static Database database;
    private static InventoryLogDao log;
    private static ProductDao products;

    @BeforeAll
    static void startDatabase() {
        schema = TestDatabases.createSchema("inventory_log");
        database = schema.start();
        log = new InventoryLogDao(database.primary());
        products = new ProductDao(database.primary());
    }

    private static long newProduct(String sku) {
        return ((CreateProductOutcome.Created) products.create(NewProduct.of(sku, "Logged", BigDecimal.ONE, 0)))
                .product()
                .id();
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    private static InventoryLogEntry entry(String operation, long productId, InventoryLogKind kind, int quantity) {
        return new InventoryLogEntry(OperationId.of(operation), productId, kind, quantity, OptionalLong.of(42), AT);
    }

    @Test
    void appendsEachOperationOnce() {
        long product = newProduct("LOG-1");
        InventoryLogEntry hold = entry("op-hold", product, InventoryLogKind.HOLD, 2);
        InventoryLogEntry sale = entry("op-sale", product, InventoryLogKind.SALE, 2);
        log.appendAll(List.of(hold, sale));

        List<RejectedEntry> rejected = log.appendAll(List.of(
                hold,
                entry("op-sale", product, InventoryLogKind.SALE, 9),
                entry("op-more", product, InventoryLogKind.HOLD, 1)));

        assertThat(rejected).isEmpty();
        assertThat(log.find(OperationId.of("op-sale"))).contains(sale);
        assertThat(log.forProduct(product, 100))
                .extracting(InventoryLogEntry::operation)
                .containsExactly(OperationId.of("op-hold"), OperationId.of("op-sale"), OperationId.of("op-more"));
    }

    @Test
    void rejectsAnEntryForAnUnknownProductAndAppendsTheRest() {
        long product = newProduct("LOG-2");
        InventoryLogEntry unknown = entry("op-unknown-product", 424_242, InventoryLogKind.SALE, 1);
        InventoryLogEntry good = entry("op-good", product, InventoryLogKind.HOLD_RELEASED, 1);

        List<RejectedEntry> rejected = log.appendAll(List.of(unknown, good));

        assertThat(rejected).extracting(RejectedEntry::operation).containsExactly(unknown.operation());
        assertThat(log.loadAll(List.of(unknown.operation(), good.operation()))).containsOnlyKeys(good.operation());
    }
}
