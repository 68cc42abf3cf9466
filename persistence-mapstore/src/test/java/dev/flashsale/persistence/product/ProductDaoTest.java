package dev.flashsale.persistence.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.inventorylog.InventoryLogDao;
import dev.flashsale.persistence.inventorylog.InventoryLogEntry;
import dev.flashsale.persistence.inventorylog.InventoryLogKind;
import dev.flashsale.persistence.inventorylog.OperationId;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProductDaoTest {

    private static final AtomicLong SKUS = new AtomicLong();

    private static TestSchema schema;
    private static Database database;
    private static ProductDao products;
    private static InventoryLogDao log;

    @BeforeAll
    static void startDatabase() {
        schema = TestDatabases.createSchema("products");
        database = schema.start();
        products = new ProductDao(database.primary());
        log = new InventoryLogDao(database.primary());
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    private static String newSku() {
        return "PDT-" + SKUS.incrementAndGet();
    }

    private static ProductRow created(NewProduct product) {
        return ((CreateProductOutcome.Created) products.create(product)).product();
    }

    @Test
    void createsAProductWithItsStockTotalsAndInitialStockEntry() {
        NewProduct product = new NewProduct(
                newSku(), "Trail shoe", Optional.of("Light"), new BigDecimal("129.9"), 40, OptionalInt.of(2));

        CreateProductOutcome outcome = products.create(product);

        assertThat(outcome).isInstanceOfSatisfying(CreateProductOutcome.Created.class, created -> {
            ProductRow row = created.product();
            assertThat(row.price()).isEqualTo(new BigDecimal("129.90"));
            assertThat(products.findById(row.id())).contains(row);
            assertThat(products.findBySku(product.sku())).contains(row);
            assertThat(products.stockTotals(row.id())).contains(created.stock());
            assertThat(created.stock().available()).isEqualTo(40);
            assertThat(log.forProduct(row.id(), 10))
                    .extracting(InventoryLogEntry::kind, InventoryLogEntry::quantity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(InventoryLogKind.INITIAL_STOCK, 40));
        });
    }

    @Test
    void reportsADuplicateSkuWhateverItsCaseAndStoresNothing() {
        String sku = newSku();
        ProductRow first = created(NewProduct.of(sku, "First", BigDecimal.ONE, 1));

        CreateProductOutcome second = products.create(NewProduct.of(sku.toLowerCase(), "Second", BigDecimal.TEN, 5));

        assertThat(second).isEqualTo(new CreateProductOutcome.DuplicateSku(sku.toLowerCase()));
        assertThat(products.findBySku(sku)).contains(first);
        assertThat(products.search("Second", 10)).isEmpty();
    }

    @Test
    void restocksOncePerOperation() {
        ProductRow product = created(NewProduct.of(newSku(), "Restocked", BigDecimal.ONE, 10));
        OperationId operation = OperationId.of("restock-" + product.id() + "-1");

        RestockOutcome first = products.restock(product.id(), 5, operation);
        RestockOutcome replay = products.restock(product.id(), 5, operation);
        RestockOutcome another = products.restock(product.id(), 1, OperationId.of("restock-" + product.id() + "-2"));

        assertThat(first)
                .isInstanceOfSatisfying(
                        RestockOutcome.Restocked.class,
                        restocked -> assertThat(restocked.stock().received()).isEqualTo(15));
        assertThat(replay)
                .isInstanceOfSatisfying(
                        RestockOutcome.AlreadyRestocked.class,
                        already -> assertThat(already.stock().received()).isEqualTo(15));
        assertThat(another).isInstanceOf(RestockOutcome.Restocked.class);
        assertThat(products.stockTotals(product.id()).orElseThrow().received()).isEqualTo(16);
        assertThat(log.forProduct(product.id(), 10))
                .extracting(InventoryLogEntry::kind)
                .containsExactly(InventoryLogKind.INITIAL_STOCK, InventoryLogKind.RESTOCK, InventoryLogKind.RESTOCK);
    }

    @Test
    void raisesReceivedToAFigureOnlyWhenItIsLower() {
        ProductRow product = created(NewProduct.of(newSku(), "Failed over", BigDecimal.ONE, 10));
        OperationId operation = OperationId.of("failover-1-" + product.id());

        Optional<StockTotals> raised = products.raiseReceived(product.id(), 14, operation);
        Optional<StockTotals> again = products.raiseReceived(product.id(), 14, operation);
        Optional<StockTotals> lower = products.raiseReceived(product.id(), 12, OperationId.of("failover-2-x"));

        assertThat(raised)
                .hasValueSatisfying(totals -> assertThat(totals.received()).isEqualTo(14));
        assertThat(again)
                .hasValueSatisfying(totals -> assertThat(totals.received()).isEqualTo(14));
        assertThat(lower)
                .hasValueSatisfying(totals -> assertThat(totals.received()).isEqualTo(14));
        assertThat(log.find(operation)).hasValueSatisfying(entry -> {
            assertThat(entry.kind()).isEqualTo(InventoryLogKind.RESTOCK);
            assertThat(entry.quantity()).isEqualTo(4);
        });
        assertThat(log.find(OperationId.of("failover-2-x"))).isEmpty();
        assertThat(products.raiseReceived(987_654, 3, OperationId.of("failover-unknown")))
                .isEmpty();
    }

    @Test
    void reportsARestockOfAnUnknownProduct() {
        assertThat(products.restock(987_654, 5, OperationId.of("restock-unknown")))
                .isEqualTo(new RestockOutcome.UnknownProduct(987_654));
        assertThat(log.find(OperationId.of("restock-unknown"))).isEmpty();
    }

    @Test
    void searchesBySkuPrefixAndByName() {
        String prefix = "SRCH-" + SKUS.incrementAndGet();
        ProductRow byPrefix = created(NewProduct.of(prefix + "-A", "Alpha", BigDecimal.ONE, 1));
        ProductRow byName = created(NewProduct.of(newSku(), "Widget " + prefix + " 100% cotton", BigDecimal.ONE, 1));

        assertThat(products.search(prefix, 10)).containsExactly(byPrefix, byName);
        assertThat(products.search("100%", 10)).contains(byName);
        assertThat(products.search("100_", 10)).isEmpty();
    }
}
