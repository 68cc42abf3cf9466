package dev.flashsale.engine.grid;

import com.hazelcast.map.IMap;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.internal.SellBatchOutcomes;
import dev.flashsale.engine.grid.internal.SellBatchProcessor;
import dev.flashsale.engine.grid.internal.StockRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Natural batching of the sales of products without a per-buyer limit, on the member this instance runs on. A sale of
 * a product with no batch in flight from this member is sent at once, on its own, from the caller's thread; while one
 * is in flight, the sales that arrive wait, and when it returns they go together in one {@link SellBatchProcessor}
 * invocation (at most {@code maxBatch} in one; the rest go in the next). So a quiet product adds no latency, and a hot
 * one pays one invocation and one backup per batch instead of per sale. docs/engine.md explains why each sale still
 * takes effect exactly once.
 *
 * <p>Every batch is sent by one of its own callers, the leader, on its own thread and synchronously, so a batch costs
 * no thread of its own: the first sale of an idle product leads its batch of one; when a batch returns, its leader
 * hands the next batch to that batch's first caller (waking it), then answers the other callers of its own batch, then
 * returns. The leader retries a batch whose outcome is indeterminate whole, with the same op ids, through
 * {@link GridCalls#call}, until the call deadline; if it fails, every sale in it fails the same way.
 *
 * <p>At most {@code maxWaiting} sales of one product wait at a time; a sale beyond that is refused at once with
 * {@link InventoryUnavailableException} (it changed nothing, and the caller may retry it with the same op id).
 *
 * <p>Thread-safe.
 */
final class SaleBatches {

    private final IMap<Long, StockRecord> stock;
    private final GridCalls calls;
    private final int maxBatch;
    private final int maxWaiting;

    /** The products with a batch in flight from this member, each with the sales waiting for it to return. */
    private final ConcurrentHashMap<Long, Lane> lanes = new ConcurrentHashMap<>();

    private final LongAdder sales = new LongAdder();
    private final LongAdder invocations = new LongAdder();
    private final AtomicInteger largestBatch = new AtomicInteger();

    SaleBatches(IMap<Long, StockRecord> stock, GridCalls calls, int maxBatch, int maxWaiting) {
        this.stock = stock;
        this.calls = calls;
        this.maxBatch = maxBatch;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Sells {@code quantity} units of the product under {@code opId} and waits for the outcome: what a
     * {@code StockCommandProcessor} with the same sale would answer. Throws what it would throw:
     * {@link InventoryUnavailableException} past the call deadline, or at once if too many sales of the product are
     * waiting already.
     */
    Outcome sell(long productId, OpId opId, int quantity) {
        Sale sale = new Sale(opId, quantity);
        lanes.compute(productId, (id, lane) -> admit(lane, sale));
        if (sale.admission == Admission.REFUSED) {
            throw new InventoryUnavailableException(
                    maxWaiting + " sales of product " + productId + " are waiting on this member already");
        }
        sales.increment();
        Turn turn = sale.admission == Admission.SEND ? new Turn.Lead(List.of(sale)) : sale.turn.join();
        if (turn instanceof Turn.Lead(List<Sale> batch)) {
            turn = lead(productId, batch, sale);
        }
        return switch (turn) {
            case Turn.Answered(Outcome outcome) -> outcome;
            case Turn.Failed(RuntimeException failure) -> throw failure;
            case Turn.Lead lead -> throw new IllegalStateException("led twice");
        };
    }

    /**
     * Sends the batch from this caller's thread and waits for it, retrying it whole while its outcome is
     * indeterminate; then hands the next batch to the first of its callers, answers the others of this one, and
     * returns the turn of {@code own}, this caller's sale.
     */
    private Turn lead(long productId, List<Sale> batch, Sale own) {
        int size = batch.size();
        largestBatch.accumulateAndGet(size, Math::max);
        long[] opHigh = new long[size];
        long[] opLow = new long[size];
        int[] quantities = new int[size];
        for (int i = 0; i < size; i++) {
            Sale sale = batch.get(i);
            opHigh[i] = sale.opId.high();
            opLow[i] = sale.opId.low();
            quantities[i] = sale.quantity;
        }
        SellBatchOutcomes outcomes = null;
        Throwable failure = null;
        try {
            outcomes = calls.call(() -> {
                invocations.increment();
                // A new processor for every attempt: one instance serves one invocation.
                return stock.executeOnKey(productId, new SellBatchProcessor(opHigh, opLow, quantities));
            });
        } catch (RuntimeException | Error failed) {
            // Caught only to go on: whatever happened, the next batch gets its leader and this one its answers.
            failure = failed;
        }
        List<Sale> next = next(productId);
        if (!next.isEmpty()) {
            next.getFirst().turn.complete(new Turn.Lead(next));
        }
        Turn ownTurn = null;
        for (int i = 0; i < size; i++) {
            Turn turn = turnOf(outcomes, i, failure);
            Sale sale = batch.get(i);
            if (sale == own) {
                ownTurn = turn;
            } else {
                sale.turn.complete(turn);
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return ownTurn;
    }

    private static Turn turnOf(SellBatchOutcomes outcomes, int index, Throwable failure) {
        if (failure == null) {
            try {
                return new Turn.Answered(outcomes.outcome(index));
            } catch (RuntimeException reused) {
                return new Turn.Failed(reused);
            }
        }
        return new Turn.Failed(
                switch (failure) {
                    // One per caller: the batch's exception would otherwise be shared by all its sales.
                    case InventoryUnavailableException unavailable ->
                        new InventoryUnavailableException(unavailable.getMessage(), unavailable);
                    case RuntimeException runtime -> runtime;
                    // The leader's thread failed mid-call: whether the batch applied is unknown, as past the deadline.
                    default -> new InventoryUnavailableException("the batch's leader failed", failure);
                });
    }

    /** Sales admitted to batches (sent, or waiting to be). */
    long sales() {
        return sales.sum();
    }

    /** Batch invocations started, retries included. */
    long invocations() {
        return invocations.sum();
    }

    /** The most sales one invocation carried. */
    int largestBatch() {
        return largestBatch.get();
    }

    /** Runs under the product's lock in {@link #lanes}: opens the lane and sends the sale, or queues it, or refuses. */
    private Lane admit(Lane lane, Sale sale) {
        if (lane == null) {
            sale.admission = Admission.SEND;
            return new Lane();
        }
        if (lane.waiting.size() >= maxWaiting) {
            sale.admission = Admission.REFUSED;
        } else {
            lane.waiting.add(sale);
        }
        return lane;
    }

    /** The waiting sales of the next batch, in arrival order; none, and the lane closed, if nothing waits. */
    private List<Sale> next(long productId) {
        List<Sale> next = new ArrayList<>();
        lanes.computeIfPresent(productId, (id, lane) -> {
            if (lane.waiting.isEmpty()) {
                return null;
            }
            for (int i = 0; i < maxBatch && !lane.waiting.isEmpty(); i++) {
                next.add(lane.waiting.poll());
            }
            return lane;
        });
        return next;
    }

    private enum Admission {
        SEND,
        WAITING,
        REFUSED
    }

    /** What a waiting caller is told: to send a batch (which holds its own sale), or its sale's outcome. */
    private sealed interface Turn {

        record Lead(List<Sale> batch) implements Turn {}

        record Answered(Outcome outcome) implements Turn {}

        record Failed(RuntimeException failure) implements Turn {}
    }

    /** One caller's sale and its turn. {@code admission} is written and read by the caller's thread only. */
    private static final class Sale {

        final OpId opId;
        final int quantity;
        final CompletableFuture<Turn> turn = new CompletableFuture<>();
        Admission admission = Admission.WAITING;

        Sale(OpId opId, int quantity) {
            this.opId = opId;
            this.quantity = quantity;
        }
    }

    /** A product with a batch in flight from this member: the sales waiting for it to return, in arrival order. */
    private static final class Lane {

        final ArrayDeque<Sale> waiting = new ArrayDeque<>();
    }
}
