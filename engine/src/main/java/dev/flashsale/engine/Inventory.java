package dev.flashsale.engine;

import dev.flashsale.engine.stock.Stock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The stock engine as callers see it (the REST layer, benchmarks, tools). Every change carries an {@link OpId} or a
 * hold id and takes effect exactly once however often it is retried; every answer is an {@link Outcome}.
 *
 * <p>Implementations are thread-safe. Synchronous methods block the calling thread (cheap on a virtual thread); the
 * {@code Async} variants complete on another thread.
 */
public interface Inventory {

    /** Opens a product for sale with {@code units} in stock. */
    Outcome open(long productId, long units, SaleRules rules, OpId opId);

    /** Sells {@code quantity} units to {@code buyerId} now, or answers why not. */
    Outcome buy(long productId, String buyerId, int quantity, OpId opId);

    /** Holds {@code quantity} units for {@code buyerId} under {@code holdId} until {@code expiresAtMillis}. */
    Outcome reserve(long productId, String buyerId, int quantity, long holdId, long expiresAtMillis, OpId opId);

    /** Turns the buyer's hold into a sale, unless it expired or was released first. */
    Outcome confirm(long productId, String buyerId, long holdId);

    /** Puts the buyer's hold back on sale, unless it was confirmed first. */
    Outcome release(long productId, String buyerId, long holdId);

    /**
     * Receives {@code quantity} more units, in the grid only: for a grid without a database (tests, benchmarks). An app
     * node writes a restock to the database first and then tells the grid with {@link #receive}.
     */
    Outcome restock(long productId, int quantity, OpId opId);

    /**
     * Tells the grid that the database has received {@code receivedTotal} units of the product in all (initial stock
     * plus every committed restock): the grid raises its figures by what it is missing of that total, or changes
     * nothing if its stock already includes it (it was loaded from the database after the restock committed). Answers
     * {@link Outcome.Received}, or {@link Outcome.UnknownProduct}.
     *
     * <p>Monotonic: concurrent receives may arrive in any order and end at the largest total; a repeated one adds
     * nothing. Within the op memory's window a re-run of the same {@code opId} answers as the first run.
     */
    Outcome receive(long productId, long receivedTotal, OpId opId);

    /**
     * Takes back {@code quantity} units of a sale that was reversed (for instance, the database refused to record it)
     * and puts them on sale again.
     */
    Outcome returnSold(long productId, int quantity, OpId opId);

    /** Releases every hold on the product whose time has passed, and recovers claims whose caller vanished. */
    Outcome expireHolds(long productId);

    /**
     * Whether the buyer's hold is still open, or decided and being settled: false once it was confirmed, released or
     * expired, and for a hold that never existed. Once false, the hold's fate does not change any more.
     */
    boolean holdOpen(long productId, String buyerId, long holdId);

    /** The product's stock as its owner sees it now. */
    Optional<Stock> availability(long productId);

    /** The product's rules of sale. */
    Optional<SaleRules> rules(long productId);

    CompletionStage<Outcome> buyAsync(long productId, String buyerId, int quantity, OpId opId);

    CompletionStage<Outcome> reserveAsync(
            long productId, String buyerId, int quantity, long holdId, long expiresAtMillis, OpId opId);

    CompletionStage<Outcome> confirmAsync(long productId, String buyerId, long holdId);

    CompletionStage<Outcome> releaseAsync(long productId, String buyerId, long holdId);

    CompletionStage<Outcome> restockAsync(long productId, int quantity, OpId opId);

    CompletionStage<Outcome> receiveAsync(long productId, long receivedTotal, OpId opId);

    CompletionStage<Optional<Stock>> availabilityAsync(long productId);
}
