package dev.flashsale.api.support;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/** Creates products in a {@link NodeDatabase} behind the nodes' back, as an administrator would. Thread-safe. */
public final class SaleCatalogue implements AutoCloseable {

    private static final AtomicLong SKUS = new AtomicLong();

    private final Database database;
    private final ProductDao products;

    public SaleCatalogue(NodeDatabase nodeDatabase) {
        this.database = nodeDatabase.schema().start();
        this.products = new ProductDao(database.primary());
    }

    /** A new product with {@code stock} units and, when {@code perUserLimit > 0}, that limit per buyer. */
    public long product(int stock, int perUserLimit) {
        NewProduct product = new NewProduct(
                "SKU-" + System.nanoTime() + "-" + SKUS.incrementAndGet(),
                "Product",
                Optional.empty(),
                new BigDecimal("9.99"),
                stock,
                perUserLimit > 0 ? OptionalInt.of(perUserLimit) : OptionalInt.empty());
        return ((CreateProductOutcome.Created) products.create(product))
                .product()
                .id();
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
