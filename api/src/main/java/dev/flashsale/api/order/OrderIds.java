package dev.flashsale.api.order;

import com.hazelcast.core.HazelcastException;
import dev.flashsale.engine.grid.InventoryUnavailableException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * New order ids from the grid's Flake id generator, or {@link InventoryUnavailableException} (answered 503 with
 * {@code Retry-After}) while it cannot issue any: a member that is joining or merging after a split has no member list
 * version, and the generator throws {@code IllegalStateException} ("not joined") until it has one. Nothing was sold
 * then, and the buyer's retry with the same key starts the request afresh.
 *
 * <p>Thread-safe if the generator is.
 */
final class OrderIds implements LongSupplier {

    private final LongSupplier generator;

    OrderIds(LongSupplier generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    @Override
    public long getAsLong() {
        try {
            return generator.getAsLong();
        } catch (IllegalStateException | HazelcastException notNow) {
            throw new InventoryUnavailableException(
                    "the grid cannot issue an order id now (this node is joining or merging): " + notNow.getMessage(),
                    notNow);
        }
    }
}
