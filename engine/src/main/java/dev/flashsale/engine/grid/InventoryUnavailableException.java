package dev.flashsale.engine.grid;

/**
 * The grid could not carry out an operation within the call deadline (members leaving, partitions migrating), or a sale
 * was refused at once because too many sales of its product were waiting on this member already
 * ({@link EngineSettings#maxWaitingSales()}). The operation may or may not have taken effect; retrying it with the same
 * op id is safe, and recovery fences off claims that nobody finishes.
 */
public final class InventoryUnavailableException extends RuntimeException {

    public InventoryUnavailableException(String message) {
        super(message);
    }

    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
