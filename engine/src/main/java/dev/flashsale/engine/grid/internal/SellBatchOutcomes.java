package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.StockCommand;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link SellBatchProcessor} answers: one outcome per sale of the batch, in the batch's order, in the compact
 * form the op memory keeps (kind, units, available units after) so that a batch of hundreds of sales answers with three
 * primitive arrays. {@link #outcome(int)} rebuilds each as the {@link Outcome} that a sale on its own would have
 * answered.
 *
 * <p>Immutable once built: the arrays are owned by this object and never handed out. Thread-safe.
 */
public final class SellBatchOutcomes {

    /** The sale was refused: fewer units were available than it asked for. Not an {@link OpMemory} kind. */
    static final int SOLD_OUT = -1;

    /** The product has no stock entry. Not an {@link OpMemory} kind. */
    static final int UNKNOWN_PRODUCT = -2;

    private final long productId;
    private final int[] kinds;
    private final int[] quantities;
    private final long[] available;

    SellBatchOutcomes(long productId, int[] kinds, int[] quantities, long[] available) {
        this.productId = productId;
        this.kinds = Objects.requireNonNull(kinds, "kinds");
        this.quantities = Objects.requireNonNull(quantities, "quantities");
        this.available = Objects.requireNonNull(available, "available");
        if (quantities.length != kinds.length || available.length != kinds.length) {
            throw new IllegalArgumentException("one kind, quantity and available figure per sale: " + kinds.length
                    + ", " + quantities.length + ", " + available.length);
        }
    }

    /** Every sale of a batch of {@code size} answered {@link Outcome.UnknownProduct}. */
    static SellBatchOutcomes unknownProduct(long productId, int size) {
        int[] kinds = new int[size];
        Arrays.fill(kinds, UNKNOWN_PRODUCT);
        return new SellBatchOutcomes(productId, kinds, new int[size], new long[size]);
    }

    public long productId() {
        return productId;
    }

    /** Sales answered. */
    public int size() {
        return kinds.length;
    }

    /**
     * The outcome of the sale at {@code index}: {@link Outcome.Sold}, {@link Outcome.SoldOut} or
     * {@link Outcome.UnknownProduct}, or, for an op id the product had applied before, that op's first result. Throws
     * {@link IllegalStateException} when that first result was of another kind of command than a sale (the op id was
     * reused), as a sale on its own does.
     */
    public Outcome outcome(int index) {
        int kind = kinds[index];
        return switch (kind) {
            case SOLD_OUT -> new Outcome.SoldOut(productId, quantities[index], available[index]);
            case UNKNOWN_PRODUCT -> new Outcome.UnknownProduct(productId);
            default ->
                RememberedOutcome.of(
                        productId, new StockCommand.Sell(quantities[index]), kind, quantities[index], available[index]);
        };
    }

    int[] kinds() {
        return kinds;
    }

    int[] quantities() {
        return quantities;
    }

    long[] available() {
        return available;
    }
}
