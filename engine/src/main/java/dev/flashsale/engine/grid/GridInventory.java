package dev.flashsale.engine.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.flashsale.engine.Inventory;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.internal.AbortProcessor;
import dev.flashsale.engine.grid.internal.CreateStockProcessor;
import dev.flashsale.engine.grid.internal.LedgerCommandProcessor;
import dev.flashsale.engine.grid.internal.LedgerKey;
import dev.flashsale.engine.grid.internal.ReadStockProcessor;
import dev.flashsale.engine.grid.internal.StockCommandProcessor;
import dev.flashsale.engine.grid.internal.StockRecord;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.Claim;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.ledger.LedgerStep;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * {@link Inventory} on a Hazelcast grid. A product without a per-buyer limit sells with one entry processor on its
 * stock entry; concurrent sales of one such product on this member share one invocation ({@link SaleBatches}, unless
 * {@link EngineSettings#maxSaleBatch()} is 1). Everything that involves a buyer's ledger (limits, holds) runs intent
 * first: claim on the ledger, then the stock, then settle on the ledger — every step idempotent, so a caller that
 * fails mid-way retries with the same ids and {@link #recover(long, String, long)} finishes or fences off what a
 * vanished caller left.
 *
 * <p>Operations whose outcome is indeterminate because a member left are retried with the same op id until
 * {@link EngineSettings#callDeadline()}; past it, {@link InventoryUnavailableException}.
 *
 * <p>Thread-safe. One per member; {@link #close()} stops its async executor.
 */
public final class GridInventory implements Inventory, AutoCloseable {

    private final IMap<Long, StockRecord> stock;
    private final IMap<LedgerKey, BuyerLedger> ledgers;
    private final IMap<Long, SaleRules> rules;
    private final EngineSettings settings;
    private final ConcurrentHashMap<Long, SaleRules> knownRules = new ConcurrentHashMap<>();
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
    private final GridCalls calls;
    private final SaleBatches saleBatches;

    public GridInventory(HazelcastInstance hazelcast, EngineSettings settings) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calls = GridCalls.forMap(hazelcast, InventoryMaps.STOCK, settings.callDeadline());
        this.stock = calls.map(hazelcast, InventoryMaps.STOCK);
        this.ledgers = calls.map(hazelcast, InventoryMaps.LEDGERS);
        this.rules = calls.map(hazelcast, InventoryMaps.RULES);
        this.saleBatches = new SaleBatches(stock, calls, settings.maxSaleBatch(), settings.maxWaitingSales());
    }

    @Override
    public Outcome open(long productId, long units, SaleRules saleRules, OpId opId) {
        Objects.requireNonNull(saleRules, "saleRules");
        // Rules never change once a product is open: a second open keeps the first rules (and answers AlreadyExists).
        SaleRules kept = Objects.requireNonNullElse(call(() -> rules.putIfAbsent(productId, saleRules)), saleRules);
        knownRules.put(productId, kept);
        return call(() -> stock.executeOnKey(
                productId,
                new CreateStockProcessor(
                        opId,
                        Stock.initial(units),
                        settings.opMemoryCount(),
                        settings.opMemoryAge().toMillis())));
    }

    @Override
    public Outcome buy(long productId, String buyerId, int quantity, OpId opId) {
        requireQuantity(quantity);
        Optional<SaleRules> saleRules = rules(productId);
        if (saleRules.isEmpty()) {
            return new Outcome.UnknownProduct(productId);
        }
        if (!saleRules.get().limited()) {
            return settings.batchesSales()
                    ? saleBatches.sell(productId, Objects.requireNonNull(opId, "opId"), quantity)
                    : onStock(productId, opId, new StockCommand.Sell(quantity));
        }
        Claim claim = new Claim(
                opId, 0, Claim.Kind.PURCHASE, Claim.Phase.PENDING, quantity, 0, graceDeadline(), newAttempt());
        return claimThenStock(productId, buyerId, claim, saleRules.get(), new StockCommand.Sell(quantity));
    }

    @Override
    public Outcome reserve(long productId, String buyerId, int quantity, long holdId, long expiresAtMillis, OpId opId) {
        requireQuantity(quantity);
        if (holdId == 0) {
            throw new IllegalArgumentException("a hold id is not 0");
        }
        Optional<SaleRules> saleRules = rules(productId);
        if (saleRules.isEmpty()) {
            return new Outcome.UnknownProduct(productId);
        }
        Claim claim = new Claim(
                opId,
                holdId,
                Claim.Kind.HOLD,
                Claim.Phase.PENDING,
                quantity,
                expiresAtMillis,
                graceDeadline(),
                newAttempt());
        return claimThenStock(
                productId, buyerId, claim, saleRules.get(), new StockCommand.Hold(holdId, quantity, expiresAtMillis));
    }

    @Override
    public Outcome confirm(long productId, String buyerId, long holdId) {
        LedgerKey key = new LedgerKey(productId, buyerId);
        LedgerStep step = onLedger(key, decide(holdId, Claim.Phase.CONFIRMING));
        if (step instanceof LedgerStep.Answer answer) {
            if (answer.outcome() instanceof Outcome.HoldExpired) {
                settleDecided(key, holdId, Claim.Phase.EXPIRING);
            }
            return answer.outcome();
        }
        int quantity = ((LedgerStep.Proceed) step).quantity();
        onStock(productId, OpId.settlementOf(holdId), new StockCommand.ConfirmHeld(holdId, quantity));
        return answerOf(onLedger(key, new LedgerCommand.Complete(holdId)));
    }

    @Override
    public Outcome release(long productId, String buyerId, long holdId) {
        LedgerKey key = new LedgerKey(productId, buyerId);
        LedgerStep step = onLedger(key, decide(holdId, Claim.Phase.RELEASING));
        if (step instanceof LedgerStep.Answer answer) {
            return answer.outcome();
        }
        int quantity = ((LedgerStep.Proceed) step).quantity();
        onStock(productId, OpId.settlementOf(holdId), new StockCommand.ReleaseHeld(holdId, quantity));
        return answerOf(onLedger(key, new LedgerCommand.Complete(holdId)));
    }

    @Override
    public Outcome restock(long productId, int quantity, OpId opId) {
        requireQuantity(quantity);
        return onStock(productId, opId, new StockCommand.Restock(quantity));
    }

    @Override
    public Outcome receive(long productId, long receivedTotal, OpId opId) {
        return onStock(productId, opId, new StockCommand.ReceiveUpTo(receivedTotal));
    }

    @Override
    public Outcome returnSold(long productId, int quantity, OpId opId) {
        requireQuantity(quantity);
        return onStock(productId, opId, new StockCommand.ReturnSold(quantity));
    }

    @Override
    public Outcome expireHolds(long productId) {
        long now = System.currentTimeMillis();
        Set<LedgerKey> overdue = call(() -> ledgers.keySet(Predicates.partitionPredicate(
                productId,
                Predicates.and(Predicates.equal("productId", productId), Predicates.lessEqual("nextDeadline", now)))));
        int holds = 0;
        long units = 0;
        for (LedgerKey key : overdue) {
            Recovered recovered = recover(key.productId(), key.buyerId(), now);
            holds += recovered.expiredHolds();
            units += recovered.expiredUnits();
        }
        return new Outcome.HoldsExpired(productId, holds, units);
    }

    /** What {@link #recover} did to one ledger. */
    public record Recovered(int expiredHolds, long expiredUnits, int abortedClaims, int finishedHolds) {}

    /**
     * Drives every overdue claim in one buyer's ledger to its end: expired holds are released, decided holds whose
     * settlement stalled are settled, and pending claims whose caller vanished are fenced off on the stock (undone if
     * applied) and dropped. Idempotent; run by {@link LedgerReaper} on the member that owns the ledger.
     */
    public Recovered recover(long productId, String buyerId, long now) {
        LedgerKey key = new LedgerKey(productId, buyerId);
        BuyerLedger ledger = call(() -> ledgers.get(key));
        if (ledger == null) {
            return new Recovered(0, 0, 0, 0);
        }
        int expiredHolds = 0;
        long expiredUnits = 0;
        int aborted = 0;
        int finished = 0;
        for (Claim claim : ledger.overdue(now)) {
            switch (claim.phase()) {
                case PENDING, ABORTING -> {
                    // Ledger first: from here on a late settlement of this claim is answered Aborted.
                    onLedger(key, new LedgerCommand.Abandon(claim.opId()));
                    call(() -> stock.executeOnKey(productId, new AbortProcessor(claim.opId())));
                    onLedger(key, new LedgerCommand.Forget(claim.opId()));
                    aborted++;
                }
                case HELD, EXPIRING -> {
                    if (settleDecided(key, claim.holdId(), Claim.Phase.EXPIRING)) {
                        expiredHolds++;
                        expiredUnits += claim.quantity();
                    }
                }
                case CONFIRMING, RELEASING -> {
                    settleDecided(key, claim.holdId(), claim.phase());
                    finished++;
                }
            }
        }
        return new Recovered(expiredHolds, expiredUnits, aborted, finished);
    }

    @Override
    public boolean holdOpen(long productId, String buyerId, long holdId) {
        return ledger(productId, buyerId).flatMap(ledger -> ledger.hold(holdId)).isPresent();
    }

    @Override
    public Optional<Stock> availability(long productId) {
        return view(productId).map(StockView::stock);
    }

    /**
     * The stock of each of these products that exists, read on their owners in one batched call: one operation per
     * partition that owns any of them, sent together, instead of one round trip per product. Unknown products are left
     * out.
     */
    public Map<Long, Stock> availabilities(Collection<Long> productIds) {
        Set<Long> keys = Set.copyOf(productIds);
        if (keys.isEmpty()) {
            return Map.of();
        }
        return stocksOf(call(() -> stock.executeOnKeys(keys, ReadStockProcessor.INSTANCE)));
    }

    /** {@link #availabilities} without blocking the caller. */
    public CompletionStage<Map<Long, Stock>> availabilitiesAsync(Collection<Long> productIds) {
        Set<Long> keys = Set.copyOf(productIds);
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return stock.submitToKeys(keys, ReadStockProcessor.INSTANCE).thenApply(GridInventory::stocksOf);
    }

    /**
     * Tells {@code changed} the product id after every change of the product's stock, until the returned watch is
     * closed. {@code changed} runs on a Hazelcast event thread: it must return at once and never block or call the
     * grid. See {@link StockWatch}.
     */
    public StockWatch watch(long productId, LongConsumer changed) {
        return call(() -> new StockWatch(stock, productId, changed));
    }

    /** The product's stock and op-memory state, read on its owner. */
    public Optional<StockView> view(long productId) {
        return Optional.ofNullable(call(() -> stock.executeOnKey(productId, ReadStockProcessor.INSTANCE)));
    }

    @Override
    public Optional<SaleRules> rules(long productId) {
        SaleRules known = knownRules.get(productId);
        if (known != null) {
            return Optional.of(known);
        }
        SaleRules loaded = call(() -> rules.get(productId));
        if (loaded != null) {
            knownRules.putIfAbsent(productId, loaded);
        }
        return Optional.ofNullable(loaded);
    }

    /** The buyer's ledger for the product, as stored now. */
    public Optional<BuyerLedger> ledger(long productId, String buyerId) {
        return Optional.ofNullable(call(() -> ledgers.get(new LedgerKey(productId, buyerId))));
    }

    @Override
    public CompletionStage<Outcome> buyAsync(long productId, String buyerId, int quantity, OpId opId) {
        return later(() -> buy(productId, buyerId, quantity, opId));
    }

    @Override
    public CompletionStage<Outcome> reserveAsync(
            long productId, String buyerId, int quantity, long holdId, long expiresAtMillis, OpId opId) {
        return later(() -> reserve(productId, buyerId, quantity, holdId, expiresAtMillis, opId));
    }

    @Override
    public CompletionStage<Outcome> confirmAsync(long productId, String buyerId, long holdId) {
        return later(() -> confirm(productId, buyerId, holdId));
    }

    @Override
    public CompletionStage<Outcome> releaseAsync(long productId, String buyerId, long holdId) {
        return later(() -> release(productId, buyerId, holdId));
    }

    @Override
    public CompletionStage<Outcome> restockAsync(long productId, int quantity, OpId opId) {
        return later(() -> restock(productId, quantity, opId));
    }

    @Override
    public CompletionStage<Outcome> receiveAsync(long productId, long receivedTotal, OpId opId) {
        return later(() -> receive(productId, receivedTotal, opId));
    }

    @Override
    public CompletionStage<Optional<Stock>> availabilityAsync(long productId) {
        return later(() -> availability(productId));
    }

    /** Grid operations this instance re-ran because their outcome was indeterminate (a member left mid-operation). */
    public long retries() {
        return calls.retries();
    }

    /**
     * How the sales of products without a per-buyer limit were batched on this member so far: sales sent through
     * batches, invocations that carried them (retries included) and the largest batch.
     */
    public SaleBatching saleBatching() {
        return new SaleBatching(saleBatches.sales(), saleBatches.invocations(), saleBatches.largestBatch());
    }

    /**
     * Counts of {@link #saleBatching()}: {@code sales} sent in {@code invocations} invocations, at most
     * {@code largestBatch} in one.
     */
    public record SaleBatching(long sales, long invocations, int largestBatch) {}

    @Override
    public void close() {
        async.shutdown();
    }

    private Outcome claimThenStock(
            long productId, String buyerId, Claim claim, SaleRules saleRules, StockCommand command) {
        LedgerKey key = new LedgerKey(productId, buyerId);
        LedgerCommand.Open open = new LedgerCommand.Open(claim, saleRules.perUserLimit(), settings.maxOpenClaims());
        LedgerStep opened = onLedger(key, open);
        long giveUpAt = System.nanoTime() + settings.callDeadline().toNanos();
        long pauseMillis = 2;
        // Another request with this op id owns the claim: wait for it to finish, then answer as it did.
        while (opened instanceof LedgerStep.Answer(Outcome.InProgress inProgress) && System.nanoTime() - giveUpAt < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
            pauseMillis = Math.min(pauseMillis * 2, 50);
            opened = onLedger(key, open);
        }
        if (opened instanceof LedgerStep.Answer answer) {
            return answer.outcome();
        }
        Outcome stockOutcome = onStock(productId, claim.opId(), command);
        Outcome answer = answerOf(onLedger(key, new LedgerCommand.Settle(claim.opId(), stockOutcome)));
        if (answer instanceof Outcome.Aborted && stockOutcome.changedStock()) {
            // Recovery gave up on this claim while this request was slow: the ledger no longer counts the change this
            // step made, so take it back. Idempotent, and it leaves a tombstone for any later re-run.
            call(() -> stock.executeOnKey(productId, new AbortProcessor(claim.opId())));
        }
        return answer;
    }

    /** A new request's own mark on the claims it opens; never 0, which marks claims owned by no request. */
    private static long newAttempt() {
        long attempt;
        do {
            attempt = ThreadLocalRandom.current().nextLong();
        } while (attempt == 0);
        return attempt;
    }

    /** Applies a decided hold's effect on the stock and completes it; false if the hold was not (or no longer) so. */
    private boolean settleDecided(LedgerKey key, long holdId, Claim.Phase decision) {
        LedgerStep step = onLedger(key, decide(holdId, decision));
        if (!(step instanceof LedgerStep.Proceed proceed)) {
            return false;
        }
        StockCommand command = decision == Claim.Phase.CONFIRMING
                ? new StockCommand.ConfirmHeld(holdId, proceed.quantity())
                : new StockCommand.ReleaseHeld(holdId, proceed.quantity());
        onStock(key.productId(), OpId.settlementOf(holdId), command);
        onLedger(key, new LedgerCommand.Complete(holdId));
        return true;
    }

    private LedgerCommand.Decide decide(long holdId, Claim.Phase decision) {
        return new LedgerCommand.Decide(holdId, decision, settings.claimGrace().toMillis());
    }

    private Outcome onStock(long productId, OpId opId, StockCommand command) {
        return call(() -> stock.executeOnKey(productId, new StockCommandProcessor(opId, command)));
    }

    private LedgerStep onLedger(LedgerKey key, LedgerCommand command) {
        return call(() -> ledgers.executeOnKey(key, new LedgerCommandProcessor(command)));
    }

    private long graceDeadline() {
        return System.currentTimeMillis() + settings.claimGrace().toMillis();
    }

    private static Map<Long, Stock> stocksOf(Map<Long, StockView> views) {
        Map<Long, Stock> stocks = new HashMap<>();
        views.forEach((productId, view) -> {
            if (view != null) {
                stocks.put(productId, view.stock());
            }
        });
        return stocks;
    }

    private static Outcome answerOf(LedgerStep step) {
        return switch (step) {
            case LedgerStep.Answer answer -> answer.outcome();
            case LedgerStep.Proceed proceed ->
                throw new IllegalStateException("a finishing ledger step must answer: " + step);
        };
    }

    private static void requireQuantity(int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1: " + quantity);
        }
    }

    private <T> CompletionStage<T> later(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, async);
    }

    private <T> T call(Supplier<T> operation) {
        return calls.call(operation);
    }
}
