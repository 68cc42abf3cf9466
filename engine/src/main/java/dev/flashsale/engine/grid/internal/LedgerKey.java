package dev.flashsale.engine.grid.internal;

import com.hazelcast.partition.PartitionAware;
import java.util.Objects;

/**
 * Key of one buyer's ledger for one product. Partition-aware on the product id, so every ledger of a product lives in
 * the product's partition, next to its stock entry.
 */
public record LedgerKey(long productId, String buyerId) implements PartitionAware<Long> {

    public LedgerKey {
        Objects.requireNonNull(buyerId, "buyerId");
    }

    @Override
    public Long getPartitionKey() {
        return productId;
    }
}
