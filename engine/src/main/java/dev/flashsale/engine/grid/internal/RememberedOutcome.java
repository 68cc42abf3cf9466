package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.StockCommand;

/** Translates between outcomes and the compact form {@link OpMemory} keeps of them. Stateless. */
final class RememberedOutcome {

    private RememberedOutcome() {}

    static int kindOf(StockCommand command) {
        return switch (command) {
            case StockCommand.Sell sell -> OpMemory.SOLD;
            case StockCommand.Hold hold -> OpMemory.RESERVED;
            case StockCommand.ConfirmHeld confirm -> OpMemory.CONFIRMED;
            case StockCommand.ReleaseHeld release -> OpMemory.RELEASED;
            case StockCommand.Restock restock -> OpMemory.RESTOCKED;
            case StockCommand.ReturnSold returned -> OpMemory.RETURNED;
            case StockCommand.ReceiveUpTo receive -> OpMemory.RECEIVED;
        };
    }

    /**
     * The units to remember with the command. A receive remembers none: it moves whatever the grid was missing, and
     * its first result is rebuilt from the total it carries (which an applied receive set) and the available units.
     */
    static int quantityOf(StockCommand command) {
        return switch (command) {
            case StockCommand.Sell sell -> sell.quantity();
            case StockCommand.Hold hold -> hold.quantity();
            case StockCommand.ConfirmHeld confirm -> confirm.quantity();
            case StockCommand.ReleaseHeld release -> release.quantity();
            case StockCommand.Restock restock -> restock.quantity();
            case StockCommand.ReturnSold returned -> returned.quantity();
            case StockCommand.ReceiveUpTo receive -> 0;
        };
    }

    /** The first result of {@code command}, rebuilt from what the memory kept at {@code position}. */
    static Outcome of(long productId, StockCommand command, OpMemory memory, int position) {
        return of(
                productId, command, memory.kindAt(position), memory.quantityAt(position), memory.availableAt(position));
    }

    /**
     * The first result of {@code command}, rebuilt from the compact form the memory keeps: its kind, quantity and the
     * available units after it. Throws {@link IllegalStateException} if the kind cannot be the result of the command
     * (its op id was reused for another command).
     */
    static Outcome of(long productId, StockCommand command, int kind, int quantity, long available) {
        return switch (kind) {
            case OpMemory.SOLD -> new Outcome.Sold(productId, quantity, available);
            case OpMemory.RESERVED ->
                command instanceof StockCommand.Hold hold
                        ? new Outcome.Reserved(productId, hold.holdId(), quantity, hold.expiresAt(), available)
                        : mismatch(productId, command);
            case OpMemory.CONFIRMED -> new Outcome.Confirmed(productId, holdIdOf(command), quantity);
            case OpMemory.RELEASED -> new Outcome.Released(productId, holdIdOf(command), quantity);
            case OpMemory.RESTOCKED -> new Outcome.Restocked(productId, quantity, available);
            case OpMemory.ABORTED -> new Outcome.Aborted(productId);
            case OpMemory.RETURNED -> new Outcome.Returned(productId, quantity, available);
            case OpMemory.RECEIVED ->
                command instanceof StockCommand.ReceiveUpTo receive
                        ? new Outcome.Received(productId, receive.receivedTotal(), available, true)
                        : mismatch(productId, command);
            default -> mismatch(productId, command);
        };
    }

    private static long holdIdOf(StockCommand command) {
        return switch (command) {
            case StockCommand.ConfirmHeld confirm -> confirm.holdId();
            case StockCommand.ReleaseHeld release -> release.holdId();
            case StockCommand.Hold hold -> hold.holdId();
            default -> 0;
        };
    }

    private static Outcome mismatch(long productId, StockCommand command) {
        throw new IllegalStateException(
                "product " + productId + ": an op id was reused for a different command " + command);
    }
}
