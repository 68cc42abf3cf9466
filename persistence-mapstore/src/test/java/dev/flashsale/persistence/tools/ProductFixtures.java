package dev.flashsale.persistence.tools;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Fills a catalogue fast, behind the DAOs: products {@code 1..count} with SKU {@code BULK-<id>} and stock totals
 * {@code received = 1000 + id % 1000}, {@code sold = id % 7}, written with multi-row inserts.
 */
public final class ProductFixtures {

    private static final int ROWS_PER_STATEMENT = 2_000;

    private ProductFixtures() {}

    /** The stock a bulk product {@code id} was received with. */
    public static long receivedOf(long id) {
        return 1_000 + id % 1_000;
    }

    /** The quantity a bulk product {@code id} has sold. */
    public static long soldOf(long id) {
        return id % 7;
    }

    /** Inserts products {@code 1..count} and their stock totals into an empty catalogue. */
    public static void insertBulkProducts(Jdbi primary, long count) {
        String now = "'" + LocalDateTime.now(ZoneOffset.UTC).withNano(0) + "'";
        primary.useHandle(handle -> {
            for (long from = 1; from <= count; from += ROWS_PER_STATEMENT) {
                long to = Math.min(count, from + ROWS_PER_STATEMENT - 1);
                insertChunk(handle, from, to, now);
            }
        });
    }

    private static void insertChunk(Handle handle, long from, long to, String now) {
        StringBuilder products = new StringBuilder(
                "INSERT INTO products (id, sku, name, description, price, per_user_limit, created_at, updated_at) VALUES ");
        StringBuilder totals =
                new StringBuilder("INSERT INTO stock_totals (product_id, received, sold, updated_at) VALUES ");
        for (long id = from; id <= to; id++) {
            String separator = id == from ? "" : ", ";
            products.append(separator)
                    .append("(")
                    .append(id)
                    .append(", 'BULK-")
                    .append(id)
                    .append("', 'Bulk product ")
                    .append(id)
                    .append("', NULL, 9.99, NULL, ")
                    .append(now)
                    .append(", ")
                    .append(now)
                    .append(")");
            totals.append(separator)
                    .append("(")
                    .append(id)
                    .append(", ")
                    .append(receivedOf(id))
                    .append(", ")
                    .append(soldOf(id))
                    .append(", ")
                    .append(now)
                    .append(")");
        }
        handle.execute(products.toString());
        handle.execute(totals.toString());
    }
}
