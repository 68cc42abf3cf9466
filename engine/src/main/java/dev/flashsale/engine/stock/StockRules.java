package dev.flashsale.engine.stock;

import dev.flashsale.engine.Outcome;

/**
 * The sale rules for one product's stock: given the stock and a command, the stock afterwards and the outcome. A
 * refused command returns the stock unchanged.
 *
 * <p>Stateless and thread-safe. Pure: no grid, framework or database types.
 */
public final class StockRules {

    private StockRules() {}

    /** The stock after a command, and what it came to. */
    public record Decision(Stock stock, Outcome outcome) {}

    public static Decision decide(long productId, Stock stock, StockCommand command) {
        return switch (command) {
            case StockCommand.Sell sell -> {
                if (!stock.canTake(sell.quantity())) {
                    yield new Decision(stock, new Outcome.SoldOut(productId, sell.quantity(), stock.available()));
                }
                Stock next = stock.sell(sell.quantity());
                yield new Decision(next, new Outcome.Sold(productId, sell.quantity(), next.available()));
            }
            case StockCommand.Hold hold -> {
                if (!stock.canTake(hold.quantity())) {
                    yield new Decision(stock, new Outcome.SoldOut(productId, hold.quantity(), stock.available()));
                }
                Stock next = stock.hold(hold.quantity());
                yield new Decision(
                        next,
                        new Outcome.Reserved(
                                productId, hold.holdId(), hold.quantity(), hold.expiresAt(), next.available()));
            }
            case StockCommand.ConfirmHeld confirm -> {
                if (!stock.canSettleHeld(confirm.quantity())) {
                    throw heldMismatch(productId, stock, confirm);
                }
                yield new Decision(
                        stock.confirmHeld(confirm.quantity()),
                        new Outcome.Confirmed(productId, confirm.holdId(), confirm.quantity()));
            }
            case StockCommand.ReleaseHeld release -> {
                if (!stock.canSettleHeld(release.quantity())) {
                    throw heldMismatch(productId, stock, release);
                }
                yield new Decision(
                        stock.releaseHeld(release.quantity()),
                        new Outcome.Released(productId, release.holdId(), release.quantity()));
            }
            case StockCommand.ReturnSold returned -> {
                if (returned.quantity() > stock.sold()) {
                    throw new IllegalStateException("product " + productId + " sold " + stock.sold()
                            + " units, cannot take back " + returned.quantity());
                }
                Stock next = stock.unsell(returned.quantity());
                yield new Decision(next, new Outcome.Returned(productId, returned.quantity(), next.available()));
            }
            case StockCommand.Restock restock -> {
                Stock next = stock.restock(restock.quantity());
                yield new Decision(next, new Outcome.Restocked(productId, restock.quantity(), next.available()));
            }
            case StockCommand.ReceiveUpTo receive -> {
                Stock next = stock.receiveUpTo(receive.receivedTotal());
                yield new Decision(
                        next, new Outcome.Received(productId, next.received(), next.available(), next != stock));
            }
        };
    }

    /**
     * Settling more held units than the stock holds means the ledger and the stock disagree: a defect, never a business
     * outcome, so it fails loudly instead of inventing units.
     */
    private static IllegalStateException heldMismatch(long productId, Stock stock, StockCommand command) {
        return new IllegalStateException(
                "product " + productId + " holds " + stock.held() + " units, cannot settle " + command);
    }
}
