package dev.flashsale.persistence.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database refuses an oversell on its own, whoever writes: nothing here goes through the DAOs' checks. */
class StockTotalsConstraintsTest {

    private static TestSchema schema;
    private static Database database;
    private static ProductDao products;

    @BeforeAll
    static void startDatabase() {
        schema = TestDatabases.createSchema("constraints");
        database = schema.start();
        products = new ProductDao(database.primary());
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    private static long productWithStock(String sku, int stock) {
        return ((CreateProductOutcome.Created) products.create(NewProduct.of(sku, sku, BigDecimal.ONE, stock)))
                .product()
                .id();
    }

    @Test
    void refusesOversellInsertedBehindTheGridsBack() {
        long product = productWithStock("BEHIND-1", 5);

        assertThatThrownBy(() -> schema.executeOnPrimary(
                        "UPDATE stock_totals SET sold = sold + 6 WHERE product_id = " + product))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("stock_totals_no_oversell");
        assertThat(products.stockTotals(product).orElseThrow().sold()).isZero();
    }

    @Test
    void refusesAnOrderSoldInTheSameTransactionAsAnOversell() throws SQLException {
        long product = productWithStock("BEHIND-2", 2);

        assertThatThrownBy(() -> schema.executeOnPrimary(
                        "START TRANSACTION",
                        "INSERT INTO orders (id, user_id, product_id, quantity, status, idempotency_key, created_at,"
                                + " updated_at) VALUES (77, 'u', " + product
                                + ", 3, 'CONFIRMED', 'k', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
                        "UPDATE stock_totals SET sold = sold + 3 WHERE product_id = " + product,
                        "COMMIT"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("stock_totals_no_oversell");
        assertThat(products.stockTotals(product).orElseThrow().sold()).isZero();
    }

    @Test
    void refusesNegativeSoldAndReceived() {
        long product = productWithStock("BEHIND-3", 1);

        assertThatThrownBy(() ->
                        schema.executeOnPrimary("UPDATE stock_totals SET sold = -1 WHERE product_id = " + product))
                .hasMessageContaining("stock_totals_sold_not_negative");
        assertThatThrownBy(() ->
                        schema.executeOnPrimary("UPDATE stock_totals SET received = -1 WHERE product_id = " + product))
                .isInstanceOf(SQLException.class);
    }
}
