package dev.flashsale.persistence.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.tools.ProductFixtures;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loading every product's stock totals in keyset pages, on a catalogue of 20,000 products. The same code loads
 * 1,000,000: see {@code StockTotalsLoadTiming} for that figure.
 */
class StockTotalsKeysetLoadTest {

    private static final int PRODUCTS = 20_000;

    private static TestSchema schema;
    private static Database database;
    private static ProductDao products;

    @BeforeAll
    static void fillCatalogue() {
        schema = TestDatabases.createSchema("keyset");
        database = schema.start();
        products = new ProductDao(database.primary());
        ProductFixtures.insertBulkProducts(database.primary(), PRODUCTS);
    }

    @AfterAll
    static void dropCatalogue() throws SQLException {
        database.close();
        schema.close();
    }

    @Test
    void streamsEveryProductsStockTotalsInKeysetPages() {
        AtomicLong previous = new AtomicLong();
        AtomicLong count = new AtomicLong();
        AtomicLong wrong = new AtomicLong();

        try (var totals = products.streamStockTotals(1_000)) {
            totals.forEach(total -> {
                if (total.productId() != previous.get() + 1
                        || total.received() != ProductFixtures.receivedOf(total.productId())
                        || total.sold() != ProductFixtures.soldOf(total.productId())) {
                    wrong.incrementAndGet();
                }
                previous.set(total.productId());
                count.incrementAndGet();
            });
        }

        assertThat(count).hasValue(PRODUCTS);
        assertThat(wrong).hasValue(0);
    }

    @Test
    void pagesEndWhereTheCatalogueEnds() {
        StockTotalsPage first = products.stockTotalsAfter(0, 7_000);
        StockTotalsPage last = products.stockTotalsAfter(14_000, 7_000);

        assertThat(first.totals()).hasSize(7_000);
        assertThat(first.nextAfter()).hasValue(7_000);
        assertThat(last.totals()).hasSize(6_000);
        assertThat(last.nextAfter()).isEmpty();
        assertThat(products.streamProductIds(3_000).count()).isEqualTo(PRODUCTS);
    }

    @Test
    void loadsTheStockTotalsOfManyIdsAtOnce() {
        List<Long> ids =
                LongStream.rangeClosed(1, 2_500).map(id -> id * 8).boxed().toList();

        Map<Long, StockTotals> totals = products.stockTotals(ids);

        assertThat(totals).hasSize(2_500);
        assertThat(totals.get(8_000L).received()).isEqualTo(ProductFixtures.receivedOf(8_000));
    }

    @Test
    void pagesThroughTheCatalogueByPageNumber() {
        ProductPage first = products.catalogue(0, 50);
        ProductPage last = products.catalogue(PRODUCTS / 50 - 1, 50);
        ProductPage beyond = products.catalogue(PRODUCTS / 50, 50);

        assertThat(first.products())
                .extracting(ProductRow::id)
                .startsWith(1L, 2L)
                .hasSize(50);
        assertThat(first.hasNext()).isTrue();
        assertThat(last.products()).extracting(ProductRow::id).endsWith((long) PRODUCTS);
        assertThat(last.hasNext()).isFalse();
        assertThat(beyond.products()).isEmpty();
        assertThat(products.productsAfter(PRODUCTS - 2, 10)).hasSize(2);
    }
}
