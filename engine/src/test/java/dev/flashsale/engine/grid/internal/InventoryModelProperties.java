package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.Claim;
import dev.flashsale.engine.ledger.Claim.Phase;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.ledger.LedgerStep;
import dev.flashsale.engine.ledger.Settled;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The engine's processors, driven the way {@code GridInventory} drives them (claim on the ledger, then the stock, then
 * settle; decide, then settle the hold on the stock under {@link OpId#settlementOf(long)}, then complete; recovery
 * fences off and expires what callers left), but with every step of every request interleaved at random with the
 * others, re-executed (as Hazelcast does when a member leaves) and re-issued (as clients do) with the same ids.
 * Buys of a product without a per-buyer limit go to the stock in {@link SellBatchProcessor} batches, alone or several
 * together (as {@code GridInventory}'s sale batching sends concurrent buys of one product). The
 * "grid" is a pair of hash maps per structure — primaries and backup replicas that receive only what
 * {@code getBackupProcessor()} hands out.
 *
 * <p>A simple model keeps the stock counts, which operation holds or sold which units, and each hold's fate; after
 * every step the real entries must agree with it and with each other: no count negative, {@code available + held +
 * sold == received}, every sold unit belongs to a purchase or a confirmed hold, the ledger counts every unit a buyer
 * took and never more than the limit, backups equal primaries, answers once given stay true, and a re-executed or
 * re-issued operation answers as the first did and changes nothing.
 *
 * <p>Timing assumption, as in {@code EngineSettings}: a caller gives up before recovery presumes it gone. Recovery
 * therefore ends the callers whose pending claims it fences off, and clients do not re-issue an operation whose claim is
 * pending past its deadline; a gone caller's stock operation may still land late (a stale re-execution).
 */
class InventoryModelProperties {

    static final long[] PRODUCTS = {1, 2};
    static final String[] BUYERS = {"ann", "ben", "cy"};
    static final int MAX_OPEN = 3;
    static final long GRACE = 30_000;
    static final long DAY = Duration.ofDays(1).toMillis();
    /** Processors read the real clock; holds either expired before the test began or expire long after it. */
    static final long REAL_START = System.currentTimeMillis();

    /**
     * Whether a buy or reserve that goes through the ledger may be re-issued while an earlier attempt with the same op
     * id is still in flight. A refusal is not remembered on the stock, so the later attempt's stock operation can apply
     * after the earlier attempt settled the claim as refused; the ledger then answers the late settlement Aborted and
     * the caller fences its stock change off (see GridInventory.claimThenStock). Without that rule this finds units
     * sold that the ledger never counts, or held with no claim that anything would release.
     */
    static final boolean CONCURRENT_DUPLICATES = true;

    static final long EXPIRED_HOLD = REAL_START - 1_000;
    static final long OPEN_HOLD = REAL_START + 5 * DAY;

    enum Action {
        OPEN,
        BUY,
        BUY_TOGETHER,
        RESERVE,
        CONFIRM,
        RELEASE,
        RESTOCK,
        RETURN,
        ADVANCE,
        RE_EXECUTE,
        RE_ISSUE,
        TICK,
        RECOVER,
        STALE
    }

    /** One step of a scenario: what to do, and random numbers to choose with. */
    record Step(Action action, int pick, int quantity, int variant) {}

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Action> action = Arbitraries.frequency(List.of(
                Tuple.of(4, Action.OPEN),
                Tuple.of(10, Action.BUY),
                Tuple.of(4, Action.BUY_TOGETHER),
                Tuple.of(12, Action.RESERVE),
                Tuple.of(8, Action.CONFIRM),
                Tuple.of(4, Action.RELEASE),
                Tuple.of(3, Action.RESTOCK),
                Tuple.of(6, Action.RETURN),
                Tuple.of(28, Action.ADVANCE),
                Tuple.of(10, Action.RE_EXECUTE),
                Tuple.of(6, Action.RE_ISSUE),
                Tuple.of(3, Action.TICK),
                Tuple.of(5, Action.RECOVER),
                Tuple.of(3, Action.STALE)));
        Arbitrary<List<Step>> steps = Combinators.combine(
                        action,
                        Arbitraries.integers().between(0, 1_000),
                        Arbitraries.frequency(List.of(Tuple.of(5, 1), Tuple.of(3, 2), Tuple.of(1, 3))),
                        Arbitraries.integers().between(0, 3))
                .as(Step::new)
                .list()
                .ofMinSize(10)
                .ofMaxSize(58);
        return Combinators.combine(opening(0), opening(1), steps).as((first, second, rest) -> {
            List<Step> scenario = new ArrayList<>(List.of(first, second));
            scenario.addAll(rest);
            return scenario;
        });
    }

    /** Opens the product at {@code index} with 0 to 8 units and a limit of 1 to 5, or none. */
    static Arbitrary<Step> opening(int index) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.integers().between(0, 3))
                .as((units, limit, variant) -> new Step(Action.OPEN, 2 * units + index, limit, variant));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void staysConsistentUnderInterleavingsReExecutionsAndRetries(@ForAll("scenarios") List<Step> steps) {
        Scenario scenario = new Scenario();
        for (Step step : steps) {
            scenario.perform(step);
            scenario.checkInvariants();
        }
        // Half the scenarios end with every request still in flight abandoned, half with each one finished.
        scenario.drain(steps.size() % 2 == 0);
        scenario.checkInvariants();
        scenario.checkQuiescent();

        Statistics.label("a changing step re-executed").collect(scenario.reExecutedChange);
        Statistics.label("a request re-issued after it finished").collect(scenario.reIssuedFinished);
        Statistics.label("a claim fenced off").collect(scenario.fencedOff);
        Statistics.label("a hold expired").collect(scenario.expired);
        Statistics.label("a hold confirmed").collect(scenario.confirmed);
        Statistics.label("a limit reached").collect(scenario.limitReached);
        Statistics.label("a sale returned").collect(scenario.saleReturned);
        Statistics.label("sales batched together").collect(scenario.batchedTogether);
        Statistics.label("a batch re-executed").collect(scenario.batchReExecuted);
        // The scenarios must keep exercising what can go wrong; each floor is about half the usual share.
        Statistics.label("a changing step re-executed")
                .coverage(c -> c.check(true).percentage(p -> p > 35));
        Statistics.label("a request re-issued after it finished")
                .coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("a claim fenced off").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("a hold expired").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("a hold confirmed").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("a limit reached").coverage(c -> c.check(true).percentage(p -> p > 15));
        Statistics.label("a sale returned").coverage(c -> c.check(true).percentage(p -> p > 8));
        Statistics.label("sales batched together").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("a batch re-executed").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The calls a caller makes, one entry processor each.

    sealed interface Call {}

    record StockCall(long productId, OpId opId, StockCommand command) implements Call {}

    /** Sales of one product in one invocation, in this order; its result is the list of their outcomes. */
    record SellBatchCall(long productId, List<OpId> opIds, List<Integer> quantities) implements Call {}

    record AbortCall(long productId, OpId opId) implements Call {}

    record CreateCall(long productId, OpId opId, long units, SaleRules rules) implements Call {}

    record LedgerCall(LedgerKey key, LedgerCommand command) implements Call {}

    /** A map entry over a hash map, written through on {@link #setValue}. */
    static final class MapEntry<K, V> implements Map.Entry<K, V> {

        private final Map<K, V> map;
        private final K key;

        MapEntry(Map<K, V> map, K key) {
            this.map = map;
            this.key = key;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return map.get(key);
        }

        @Override
        public V setValue(V value) {
            return map.put(key, value);
        }
    }

    /** What the model knows of one purchase or hold: whose, how many units, and where its units are on the stock. */
    static final class Op {

        final long productId;
        final String buyerId;
        final OpId opId;
        final long holdId;
        final int quantity;
        final long expiresAt;
        final boolean viaLedger;
        Fate fate = Fate.NONE;
        boolean returned;

        Op(long productId, String buyerId, OpId opId, long holdId, int quantity, long expiresAt, boolean viaLedger) {
            this.productId = productId;
            this.buyerId = buyerId;
            this.opId = opId;
            this.holdId = holdId;
            this.quantity = quantity;
            this.expiresAt = expiresAt;
            this.viaLedger = viaLedger;
        }

        boolean isHold() {
            return holdId != 0;
        }

        /** Units the buyer has of the stock through this op: sold, held, or confirmed. */
        boolean takes() {
            return fate == Fate.SOLD || fate == Fate.HELD || fate == Fate.CONFIRMED;
        }

        boolean sold() {
            return fate == Fate.SOLD || fate == Fate.CONFIRMED;
        }
    }

    /** Where an op's units are on the stock. */
    enum Fate {
        /** The stock never applied it. */
        NONE,
        SOLD,
        HELD,
        CONFIRMED,
        RELEASED,
        /** Fenced off: undone if it had been applied, and refused ever after. */
        ABORTED
    }

    /** The model of one product's stock: counts, and the first outcome of each op that changed it. */
    static final class ModelStock {

        long received;
        long available;
        long held;
        long sold;
        /** Sold units taken back because their sale was reversed. */
        long returned;

        final Map<OpId, Outcome> remembered = new HashMap<>();

        ModelStock(long units) {
            received = units;
            available = units;
        }

        Stock stock() {
            return new Stock(received, available, held, sold);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    final class Scenario {

        final long salt = System.nanoTime();
        long nextOp = 1;
        long nextHold = 1;
        long fakeNow = REAL_START + DAY;
        long attempts;

        // The grid: primaries and backups.
        final Map<Long, StockRecord> stock = new HashMap<>();
        final Map<Long, StockRecord> stockBackup = new HashMap<>();
        final Map<LedgerKey, BuyerLedger> ledgers = new HashMap<>();
        final Map<LedgerKey, BuyerLedger> ledgerBackup = new HashMap<>();
        final Map<Long, SaleRules> rules = new HashMap<>();

        // The model.
        final Map<Long, ModelStock> model = new HashMap<>();
        final Map<OpId, Op> ops = new HashMap<>();
        final Map<Long, Op> holds = new HashMap<>();

        final List<Caller> active = new ArrayList<>();
        final List<Caller> finished = new ArrayList<>();
        final List<StockCall> stale = new ArrayList<>();
        final Map<Long, Creation> creators = new HashMap<>();

        boolean reExecutedChange;
        boolean reIssuedFinished;
        boolean fencedOff;
        boolean expired;
        boolean confirmed;
        boolean limitReached;
        boolean saleReturned;
        boolean batchedTogether;
        boolean batchReExecuted;

        void perform(Step step) {
            long productId = PRODUCTS[step.pick() % PRODUCTS.length];
            String buyerId = BUYERS[(step.pick() / 2) % BUYERS.length];
            switch (step.action()) {
                case OPEN -> {
                    Creation creator = creators.get(productId);
                    if (creator == null || step.variant() % 2 == 0) {
                        Creation creation = new Creation(
                                productId,
                                newOp(),
                                (step.pick() / 2) % 9,
                                new SaleRules(step.variant() == 3 ? 0 : step.quantity()));
                        creators.putIfAbsent(productId, creation);
                        start(creation);
                    } else {
                        start(creator.copy());
                    }
                }
                case BUY -> start(new Purchase(productId, buyerId, step.quantity(), newOp(), 0, 0));
                case BUY_TOGETHER -> {
                    // Buys that arrive together on one member, of a product without a limit if there is one (those
                    // share a batch); variant 3 repeats the first (a double click).
                    long target = productId;
                    for (long candidate : PRODUCTS) {
                        SaleRules candidateRules = rules.get(candidate);
                        if (candidateRules != null && !candidateRules.limited() && step.variant() != 0) {
                            target = candidate;
                        }
                    }
                    List<Purchase> together = new ArrayList<>();
                    int count = 2 + step.pick() % 3;
                    for (int k = 0; k < count; k++) {
                        together.add(
                                k == 1 && step.variant() == 3
                                        ? (Purchase) together.getFirst().copy()
                                        : new Purchase(
                                                target,
                                                BUYERS[(step.pick() / 2 + k) % BUYERS.length],
                                                k == 0 ? step.quantity() : 1 + (step.pick() + k) % 3,
                                                newOp(),
                                                0,
                                                0));
                    }
                    startTogether(together);
                }
                case RESERVE ->
                    start(new Purchase(
                            productId,
                            buyerId,
                            step.quantity(),
                            newOp(),
                            nextHold++,
                            step.variant() % 2 == 0 ? EXPIRED_HOLD : OPEN_HOLD));
                case CONFIRM, RELEASE -> {
                    Phase decision = step.action() == Action.CONFIRM ? Phase.CONFIRMING : Phase.RELEASING;
                    long grace = step.variant() % 2 == 0 ? 0 : 25 * DAY;
                    List<Op> known = List.copyOf(holds.values());
                    List<Op> open = known.stream().filter(this::openInLedger).toList();
                    if (!open.isEmpty() && step.variant() < 3) {
                        known = open;
                    }
                    if (known.isEmpty()) {
                        start(new Decision(new LedgerKey(productId, buyerId), 999, decision, grace, true));
                    } else {
                        Op hold = known.get(step.pick() % known.size());
                        String whose = step.variant() == 3 ? buyerId : hold.buyerId;
                        start(new Decision(new LedgerKey(hold.productId, whose), hold.holdId, decision, grace, true));
                    }
                }
                case RESTOCK ->
                    // Variant 3 is the database's kind of restock: a total received, possibly one the grid has.
                    start(new StockOnly(
                            productId,
                            newOp(),
                            step.variant() == 3
                                    ? new StockCommand.ReceiveUpTo(4L * step.quantity())
                                    : new StockCommand.Restock(step.quantity() + step.variant())));
                case RETURN -> {
                    // A sale the buyer was told of is reversed (the database refused it), once per order.
                    List<Op> told = finished.stream()
                            .filter(caller ->
                                    caller.answer instanceof Outcome.Sold || caller.answer instanceof Outcome.Confirmed)
                            .map(this::opOf)
                            .filter(op -> op != null && op.sold() && !op.returned)
                            .distinct()
                            .toList();
                    if (!told.isEmpty()) {
                        Op sale = told.get(step.pick() % told.size());
                        sale.returned = true;
                        start(new StockOnly(
                                sale.productId,
                                OpId.returnOf(sale.opId.low()),
                                new StockCommand.ReturnSold(sale.quantity)));
                    }
                }
                case ADVANCE -> {
                    // Mostly the oldest request, so that requests also finish; sometimes any. Until a call runs.
                    boolean ran = false;
                    while (!ran && !active.isEmpty()) {
                        ran = advance(active.get(step.variant() == 0 ? step.pick() % active.size() : 0));
                    }
                }
                case RE_EXECUTE -> {
                    List<Caller> started = active.stream()
                            .filter(caller -> caller.last != null)
                            .toList();
                    List<Caller> changing =
                            started.stream().filter(caller -> caller.changed).toList();
                    if (!changing.isEmpty() && step.variant() > 0) {
                        started = changing;
                    }
                    if (!started.isEmpty()) {
                        reExecute(started.get(step.pick() % started.size()));
                    }
                }
                case RE_ISSUE -> {
                    List<Caller> candidates = new ArrayList<>(finished);
                    if (candidates.isEmpty() || step.variant() == 0) {
                        candidates.addAll(active);
                    }
                    candidates.removeIf(caller -> !caller.reIssuable());
                    if (!candidates.isEmpty()) {
                        Caller original = candidates.get(step.pick() % candidates.size());
                        Caller copy = original.copy();
                        copy.original = original;
                        copy.originalAnswer = original.answer;
                        reIssuedFinished |= original.answer != null;
                        start(copy);
                    }
                }
                case TICK -> fakeNow += step.variant() % 2 == 0 ? GRACE + 1_000 : 10 * DAY;
                case RECOVER -> start(new Recovery(productId));
                case STALE -> {
                    if (!stale.isEmpty()) {
                        // Before recovery fenced it off it may still apply; the model says what it must answer.
                        run(stale.get(step.pick() % stale.size()));
                    }
                }
            }
        }

        boolean openInLedger(Op hold) {
            BuyerLedger ledger = ledgers.get(new LedgerKey(hold.productId, hold.buyerId));
            return ledger != null
                    && ledger.hold(hold.holdId)
                            .filter(claim -> claim.phase() == Phase.HELD)
                            .isPresent();
        }

        /**
         * Ends the scenario much later: the requests still in flight finish (or, if {@code abandon}, their callers are
         * gone), recovery drives every claim left to its end, and every stale stock operation is refused.
         */
        void drain(boolean abandon) {
            if (!abandon) {
                finishAll();
            }
            fakeNow += 100 * DAY;
            recoverAll();
            finishAll();
            recoverAll();
            for (StockCall late : stale) {
                assertThat(run(late)).as("late %s", late).isEqualTo(new Outcome.Aborted(late.productId()));
            }
        }

        void finishAll() {
            while (!active.isEmpty()) {
                advance(active.getFirst());
            }
        }

        void recoverAll() {
            for (long productId : PRODUCTS) {
                Caller recovery = new Recovery(productId);
                start(recovery);
                while (active.contains(recovery)) {
                    advance(recovery);
                }
            }
        }

        OpId newOp() {
            return new OpId(salt, nextOp++);
        }

        void start(Caller caller) {
            active.add(caller);
            advance(caller);
        }

        /** Makes the caller's next call, or finishes it; whether a call ran. */
        boolean advance(Caller caller) {
            Call call = caller.next(caller.last == null ? null : caller.result);
            if (call == null) {
                end(caller);
                return false;
            }
            make(List.of(caller), call);
            return true;
        }

        void end(Caller caller) {
            assertThat(caller.answer).as("a finished request has an answer").isNotNull();
            active.remove(caller);
            finished.add(caller);
            checkReIssue(caller);
        }

        /** Runs one call on behalf of the callers that made it together. */
        void make(List<? extends Caller> callers, Call call) {
            Object before = snapshot(call);
            Object result = run(call);
            Object after = snapshot(call);
            for (Caller caller : callers) {
                caller.last = call;
                caller.result = result;
                caller.changed = !Objects.equals(before, after);
                caller.afterLast = after;
            }
        }

        /**
         * Starts purchases that arrive together: those that go to the stock at once (products without a limit) share
         * one batch, in arrival order; the others start on their own.
         */
        void startTogether(List<Purchase> purchases) {
            List<Purchase> batched = new ArrayList<>();
            List<OpId> opIds = new ArrayList<>();
            List<Integer> quantities = new ArrayList<>();
            for (Purchase purchase : purchases) {
                active.add(purchase);
                Call call = purchase.next(null);
                if (call instanceof SellBatchCall alone) {
                    purchase.batchIndex = batched.size();
                    batched.add(purchase);
                    opIds.addAll(alone.opIds());
                    quantities.addAll(alone.quantities());
                } else if (call == null) {
                    end(purchase);
                } else {
                    make(List.of(purchase), call);
                }
            }
            if (!batched.isEmpty()) {
                batchedTogether |= batched.size() > 1;
                make(batched, new SellBatchCall(batched.getFirst().productId, opIds, quantities));
            }
        }

        /** Runs the caller's last call again, as Hazelcast re-runs an operation whose member left. */
        void reExecute(Caller caller) {
            Call call = caller.last;
            Object before = snapshot(call);
            Object result = run(call);
            Object after = snapshot(call);
            if (call instanceof SellBatchCall batch) {
                reExecutedChange |= caller.changed;
                batchReExecuted = true;
                checkReExecutedBatch(batch, caller, before, result, after);
                return;
            }
            if (caller.changed) {
                reExecutedChange = true;
                assertThat(after).as("re-executing %s changes nothing", call).isEqualTo(before);
                if (!(call instanceof LedgerCall)) {
                    assertThat(result)
                            .as("re-executing %s answers as first", call)
                            .isEqualTo(caller.result);
                }
            }
            if (Objects.equals(before, caller.afterLast)) {
                assertThat(result)
                        .as("re-executing %s on an untouched entry answers as first", call)
                        .isEqualTo(caller.result);
                assertThat(after).isEqualTo(before);
            }
            caller.result = result;
        }

        /**
         * A re-executed batch answers every sale that sold as it did first; a refusal, not remembered, is decided again
         * (the model checked each answer in {@link #run}), so a re-execution may sell what a restock made fit since. On
         * an untouched entry it changes nothing and refuses what it refused (with the available units of now). Every
         * caller of the batch gets the new answer, as Hazelcast answers the invocation once.
         */
        void checkReExecutedBatch(SellBatchCall batch, Caller caller, Object before, Object result, Object after) {
            List<?> first = (List<?>) caller.result;
            List<?> again = (List<?>) result;
            for (int i = 0; i < first.size(); i++) {
                if (first.get(i) instanceof Outcome.Sold) {
                    assertThat(again.get(i))
                            .as("re-executing %s, sale %d", batch, i)
                            .isEqualTo(first.get(i));
                }
            }
            if (Objects.equals(before, caller.afterLast)) {
                // Nothing came back on sale since: what was refused is refused again, and nothing changes.
                for (int i = 0; i < first.size(); i++) {
                    assertThat(again.get(i).getClass())
                            .as("re-executing %s on an untouched entry, sale %d", batch, i)
                            .isEqualTo(first.get(i).getClass());
                }
                assertThat(after).isEqualTo(before);
            }
            for (Caller sharing : active) {
                if (sharing.last == batch) {
                    sharing.result = result;
                }
            }
        }

        /** A re-issued request answers as the finished one did, when that answer was final. */
        void checkReIssue(Caller caller) {
            Outcome first = caller.originalAnswer;
            if (first == null || !caller.original.finalAnswer() || caller.answer instanceof Outcome.InProgress) {
                // An answer that was not final, or a re-issue told another request was still at it, proves nothing.
                return;
            }
            if (first instanceof Outcome.Reserved reserved && !(caller.answer instanceof Outcome.Reserved)) {
                // Re-issued after the hold ended: told how it ended.
                assertThat(caller.answer)
                        .isIn(
                                new Outcome.Confirmed(reserved.productId(), reserved.holdId(), reserved.quantity()),
                                new Outcome.HoldReleased(reserved.productId(), reserved.holdId()),
                                new Outcome.HoldExpired(reserved.productId(), reserved.holdId()));
                return;
            }
            if (first instanceof Outcome.Received received && !received.changed()) {
                // A receive that changed nothing is not remembered: run again, it changes nothing again and tells the
                // figures of now, which sales and other receives may have moved since.
                assertThat(caller.answer)
                        .as("re-issued %s", caller)
                        .isInstanceOfSatisfying(Outcome.Received.class, again -> {
                            assertThat(again.changed()).isFalse();
                            assertThat(again.received()).isGreaterThanOrEqualTo(received.received());
                        });
                return;
            }
            assertThat(caller.answer).as("re-issued %s", caller).isEqualTo(first);
        }

        Object snapshot(Call call) {
            return switch (call) {
                case LedgerCall ledger -> ledgers.get(ledger.key());
                case StockCall s -> snapshotStock(s.productId());
                case SellBatchCall b -> snapshotStock(b.productId());
                case AbortCall a -> snapshotStock(a.productId());
                case CreateCall c -> snapshotStock(c.productId());
            };
        }

        Object snapshotStock(long productId) {
            StockRecord record = stock.get(productId);
            return record == null ? null : List.of(record.stock(), StockRecords.contents(record.memory()));
        }

        /** Runs one call on the primary and its backup processor on the backup, checking stock calls against the model. */
        Object run(Call call) {
            return switch (call) {
                case StockCall c -> {
                    Outcome expected = expectStock(c);
                    Outcome actual = onStock(c.productId(), new StockCommandProcessor(c.opId(), c.command()));
                    assertThat(actual).as("%s", c).isEqualTo(expected);
                    yield actual;
                }
                case SellBatchCall c -> {
                    List<Outcome> expected = new ArrayList<>();
                    long[] high = new long[c.opIds().size()];
                    long[] low = new long[high.length];
                    int[] quantities = new int[high.length];
                    for (int i = 0; i < high.length; i++) {
                        OpId opId = c.opIds().get(i);
                        int quantity = c.quantities().get(i);
                        expected.add(expectStock(new StockCall(c.productId(), opId, new StockCommand.Sell(quantity))));
                        high[i] = opId.high();
                        low[i] = opId.low();
                        quantities[i] = quantity;
                    }
                    SellBatchOutcomes answered =
                            execute(stock, stockBackup, c.productId(), new SellBatchProcessor(high, low, quantities));
                    List<Outcome> actual = new ArrayList<>();
                    for (int i = 0; i < answered.size(); i++) {
                        actual.add(answered.outcome(i));
                    }
                    assertThat(actual).as("%s", c).isEqualTo(expected);
                    yield actual;
                }
                case AbortCall c -> {
                    Outcome expected = expectAbort(c);
                    Outcome actual = onStock(c.productId(), new AbortProcessor(c.opId()));
                    assertThat(actual).as("%s", c).isEqualTo(expected);
                    yield actual;
                }
                case CreateCall c -> {
                    Outcome expected = expectCreate(c);
                    Outcome actual = onStock(
                            c.productId(),
                            new CreateStockProcessor(
                                    c.opId(),
                                    Stock.initial(c.units()),
                                    StockRecords.MAX_COUNT,
                                    StockRecords.MAX_AGE_MILLIS));
                    assertThat(actual).as("%s", c).isEqualTo(expected);
                    yield actual;
                }
                case LedgerCall c -> {
                    LedgerStep step = execute(ledgers, ledgerBackup, c.key(), new LedgerCommandProcessor(c.command()));
                    if (step instanceof LedgerStep.Answer(Outcome.LimitReached limit)) {
                        limitReached = true;
                    }
                    yield step;
                }
            };
        }

        Outcome onStock(long productId, EntryProcessor<Long, StockRecord, Outcome> processor) {
            return execute(stock, stockBackup, productId, processor);
        }

        static <K, V, R> R execute(Map<K, V> primary, Map<K, V> backup, K key, EntryProcessor<K, V, R> processor) {
            R result = processor.process(new MapEntry<>(primary, key));
            EntryProcessor<K, V, R> backupProcessor = processor.getBackupProcessor();
            if (backupProcessor != null) {
                backupProcessor.process(new MapEntry<>(backup, key));
            }
            return result;
        }

        // --- The model's expectations of the stock ---------------------------------------------------------------

        Outcome expectStock(StockCall call) {
            ModelStock product = model.get(call.productId());
            if (product == null) {
                return new Outcome.UnknownProduct(call.productId());
            }
            Outcome first = product.remembered.get(call.opId());
            if (first != null) {
                return first;
            }
            long id = call.productId();
            Outcome outcome;
            switch (call.command()) {
                case StockCommand.Sell sell -> {
                    if (product.available < sell.quantity()) {
                        return new Outcome.SoldOut(id, sell.quantity(), product.available);
                    }
                    product.available -= sell.quantity();
                    product.sold += sell.quantity();
                    outcome = new Outcome.Sold(id, sell.quantity(), product.available);
                    ops.get(call.opId()).fate = Fate.SOLD;
                }
                case StockCommand.Hold hold -> {
                    if (product.available < hold.quantity()) {
                        return new Outcome.SoldOut(id, hold.quantity(), product.available);
                    }
                    product.available -= hold.quantity();
                    product.held += hold.quantity();
                    outcome = new Outcome.Reserved(
                            id, hold.holdId(), hold.quantity(), hold.expiresAt(), product.available);
                    ops.get(call.opId()).fate = Fate.HELD;
                }
                case StockCommand.ConfirmHeld confirm -> {
                    Op hold = holds.get(confirm.holdId());
                    assertThat(hold.fate)
                            .as("confirming hold %d", confirm.holdId())
                            .isEqualTo(Fate.HELD);
                    assertThat(confirm.quantity()).isEqualTo(hold.quantity);
                    product.held -= confirm.quantity();
                    product.sold += confirm.quantity();
                    outcome = new Outcome.Confirmed(id, confirm.holdId(), confirm.quantity());
                    hold.fate = Fate.CONFIRMED;
                    confirmed = true;
                }
                case StockCommand.ReleaseHeld release -> {
                    Op hold = holds.get(release.holdId());
                    assertThat(hold.fate)
                            .as("releasing hold %d", release.holdId())
                            .isEqualTo(Fate.HELD);
                    assertThat(release.quantity()).isEqualTo(hold.quantity);
                    product.held -= release.quantity();
                    product.available += release.quantity();
                    outcome = new Outcome.Released(id, release.holdId(), release.quantity());
                    hold.fate = Fate.RELEASED;
                }
                case StockCommand.Restock restock -> {
                    product.received += restock.quantity();
                    product.available += restock.quantity();
                    outcome = new Outcome.Restocked(id, restock.quantity(), product.available);
                }
                case StockCommand.ReceiveUpTo receive -> {
                    boolean raises = receive.receivedTotal() > product.received;
                    if (raises) {
                        product.available += receive.receivedTotal() - product.received;
                        product.received = receive.receivedTotal();
                    }
                    outcome = new Outcome.Received(id, product.received, product.available, raises);
                    if (!raises) {
                        return outcome;
                    }
                }
                case StockCommand.ReturnSold returned -> {
                    assertThat(product.sold).isGreaterThanOrEqualTo(returned.quantity());
                    product.sold -= returned.quantity();
                    product.available += returned.quantity();
                    product.returned += returned.quantity();
                    saleReturned = true;
                    outcome = new Outcome.Returned(id, returned.quantity(), product.available);
                }
            }
            product.remembered.put(call.opId(), outcome);
            return outcome;
        }

        Outcome expectAbort(AbortCall call) {
            ModelStock product = model.get(call.productId());
            if (product == null) {
                return new Outcome.UnknownProduct(call.productId());
            }
            Outcome aborted = new Outcome.Aborted(call.productId());
            Outcome first = product.remembered.put(call.opId(), aborted);
            Op op = ops.get(call.opId());
            switch (first) {
                case null -> op.fate = Fate.ABORTED;
                case Outcome.Aborted already -> {}
                case Outcome.Sold sold -> {
                    product.sold -= sold.quantity();
                    product.available += sold.quantity();
                    op.fate = Fate.ABORTED;
                }
                case Outcome.Reserved reserved -> {
                    product.held -= reserved.quantity();
                    product.available += reserved.quantity();
                    op.fate = Fate.ABORTED;
                }
                default -> fail("recovery fenced off %s, which settled a hold", first);
            }
            return aborted;
        }

        Outcome expectCreate(CreateCall call) {
            ModelStock product = model.get(call.productId());
            if (product == null) {
                product = new ModelStock(call.units());
                Outcome created = new Outcome.Restocked(call.productId(), (int) call.units(), call.units());
                product.remembered.put(call.opId(), created);
                model.put(call.productId(), product);
                return created;
            }
            Outcome first = product.remembered.get(call.opId());
            return first != null ? first : new Outcome.AlreadyExists(call.productId());
        }

        // --- Invariants -------------------------------------------------------------------------------------------

        void checkInvariants() {
            assertThat(stock.keySet()).isEqualTo(model.keySet());
            for (var entry : model.entrySet()) {
                long productId = entry.getKey();
                ModelStock expected = entry.getValue();
                Stock actual = stock.get(productId).stock();
                assertThat(List.of(actual.received(), actual.available(), actual.held(), actual.sold()))
                        .allSatisfy(count -> assertThat(count).isNotNegative());
                assertThat(actual.available() + actual.held() + actual.sold()).isEqualTo(actual.received());
                assertThat(actual).as("stock of %d", productId).isEqualTo(expected.stock());

                List<Op> productOps = ops.values().stream()
                        .filter(op -> op.productId == productId)
                        .toList();
                assertThat(sum(productOps, Op::sold) - expected.returned)
                        .as("sold units are those of purchases and confirmed holds, less those returned")
                        .isEqualTo(actual.sold());
                assertThat(sum(productOps, op -> op.fate == Fate.HELD))
                        .as("held units are those of open holds")
                        .isEqualTo(actual.held());
                assertThat(productOps)
                        .filteredOn(op -> op.isHold() && op.expiresAt < REAL_START)
                        .as("a hold that had expired is never confirmed")
                        .allSatisfy(hold -> assertThat(hold.fate).isNotEqualTo(Fate.CONFIRMED));

                StockRecord backup = stockBackup.get(productId);
                assertThat(backup.stock()).as("backup of %d", productId).isEqualTo(actual);
                assertThat(StockRecords.contents(backup.memory()))
                        .isEqualTo(StockRecords.contents(stock.get(productId).memory()));
            }
            assertThat(ledgerBackup).as("ledger backups").isEqualTo(ledgers);
            ledgers.forEach(this::checkLedger);
            finished.forEach(this::checkAnswer);
        }

        void checkLedger(LedgerKey key, BuyerLedger ledger) {
            SaleRules saleRules = rules.get(key.productId());
            List<Op> buyerOps = ops.values().stream()
                    .filter(op -> op.productId == key.productId() && op.buyerId.equals(key.buyerId()) && op.viaLedger)
                    .toList();
            long taken = sum(buyerOps, Op::takes);
            assertThat(ledger.counted())
                    .as("%s counts every unit the buyer took", key)
                    .isGreaterThanOrEqualTo(taken);
            if (saleRules != null && saleRules.limited()) {
                assertThat(ledger.counted())
                        .as("%s within the limit", key)
                        .isLessThanOrEqualTo(saleRules.perUserLimit());
                assertThat(taken).isLessThanOrEqualTo(saleRules.perUserLimit());
            }
            assertThat(ledger.claims()).extracting(Claim::opId).doesNotHaveDuplicates();
            Set<OpId> open = new HashSet<>();
            for (Claim claim : ledger.claims()) {
                open.add(claim.opId());
                Op op = ops.get(claim.opId());
                assertThat(op).as("claim %s", claim).isNotNull();
                assertThat(op.quantity).isEqualTo(claim.quantity());
                assertThat(op.holdId).isEqualTo(claim.holdId());
                Set<Fate> possible = switch (claim.phase()) {
                    case PENDING, ABORTING -> EnumSet.allOf(Fate.class);
                    case HELD -> EnumSet.of(Fate.HELD);
                    case CONFIRMING -> EnumSet.of(Fate.HELD, Fate.CONFIRMED);
                    case RELEASING, EXPIRING -> EnumSet.of(Fate.HELD, Fate.RELEASED);
                };
                assertThat(op.fate).as("stock side of %s", claim).isIn(possible);
            }
            for (Settled settled : ledger.recent()) {
                Op op = ops.get(settled.opId());
                Set<Fate> possible = switch (settled.ending()) {
                    case PURCHASED -> EnumSet.of(Fate.SOLD);
                    case CONFIRMED -> EnumSet.of(Fate.CONFIRMED);
                    case RELEASED, EXPIRED -> EnumSet.of(Fate.RELEASED);
                    case REFUSED -> EnumSet.of(Fate.NONE, Fate.ABORTED);
                    case ABORTED -> EnumSet.of(Fate.ABORTED);
                };
                assertThat(op.fate).as("stock side of %s", settled).isIn(possible);
            }
            long settledSold = sum(buyerOps, op -> op.sold() && !open.contains(op.opId));
            assertThat(ledger.purchased())
                    .as("%s bought what the stock sold it", key)
                    .isEqualTo(settledSold);
        }

        /** What a request was told stays true. */
        void checkAnswer(Caller caller) {
            switch (caller) {
                case Purchase purchase -> checkTold(purchase, ops.get(purchase.opId), purchaseFates(purchase));
                case Decision decision -> checkTold(decision, holds.get(decision.holdId), decisionFates(decision));
                default -> {}
            }
        }

        Op opOf(Caller caller) {
            return switch (caller) {
                case Purchase purchase -> ops.get(purchase.opId);
                case Decision decision -> holds.get(decision.holdId);
                default -> null;
            };
        }

        void checkTold(Caller caller, Op op, Set<Fate> possible) {
            if (op != null) {
                assertThat(op.fate).as("%s was told %s", caller, caller.answer).isIn(possible);
            }
        }

        Set<Fate> purchaseFates(Purchase purchase) {
            return switch (purchase.answer) {
                case Outcome.Sold sold -> EnumSet.of(Fate.SOLD);
                case Outcome.Reserved reserved -> EnumSet.of(Fate.HELD, Fate.CONFIRMED, Fate.RELEASED);
                case Outcome.Aborted aborted -> EnumSet.of(Fate.ABORTED);
                // Another request with the op id was under way; this one did nothing and says nothing of the op.
                case Outcome.InProgress inProgress -> EnumSet.allOf(Fate.class);
                case Outcome.SoldOut soldOut -> purchase.viaLedger ? EnumSet.of(Fate.NONE) : EnumSet.allOf(Fate.class);
                // A reserve re-issued after its hold ended is told how it ended.
                case Outcome.Confirmed confirmedHold -> EnumSet.of(Fate.CONFIRMED);
                case Outcome.HoldReleased released -> EnumSet.of(Fate.RELEASED);
                case Outcome.HoldExpired expiredHold -> EnumSet.of(Fate.RELEASED);
                default -> EnumSet.allOf(Fate.class);
            };
        }

        Set<Fate> decisionFates(Decision decision) {
            return switch (decision.answer) {
                case Outcome.Confirmed confirmedHold -> EnumSet.of(Fate.CONFIRMED);
                case Outcome.Released released -> EnumSet.of(Fate.RELEASED);
                case Outcome.HoldAlreadyConfirmed already -> EnumSet.of(Fate.HELD, Fate.CONFIRMED);
                case Outcome.HoldReleased released -> EnumSet.of(Fate.HELD, Fate.RELEASED);
                case Outcome.HoldExpired expiredHold ->
                    // A confirmation that finds the hold expired settles it as expired before it answers.
                    decision.convertsExpiry && decision.decisionAsked == Phase.CONFIRMING
                            ? EnumSet.of(Fate.RELEASED)
                            : EnumSet.of(Fate.HELD, Fate.RELEASED);
                default -> EnumSet.allOf(Fate.class);
            };
        }

        void checkQuiescent() {
            ledgers.forEach((key, ledger) ->
                    assertThat(ledger.claims()).as("%s after recovery", key).isEmpty());
            model.forEach((productId, product) -> assertThat(product.held).isZero());
            assertThat(ops.values()).allSatisfy(op -> assertThat(op.fate).isNotEqualTo(Fate.HELD));
            for (long productId : model.keySet()) {
                long purchasedInLedgers = ledgers.entrySet().stream()
                        .filter(entry -> entry.getKey().productId() == productId)
                        .mapToLong(entry -> entry.getValue().purchased())
                        .sum();
                long soldPastLedgers = ops.values().stream()
                        .filter(op -> op.productId == productId && !op.viaLedger && op.sold())
                        .mapToLong(op -> op.quantity)
                        .sum();
                assertThat(purchasedInLedgers + soldPastLedgers - model.get(productId).returned)
                        .as("units sold of %d", productId)
                        .isEqualTo(stock.get(productId).stock().sold());
            }
        }

        static long sum(List<Op> ops, java.util.function.Predicate<Op> which) {
            return ops.stream().filter(which).mapToLong(op -> op.quantity).sum();
        }

        // --- Callers: GridInventory's methods, one grid call at a time ---------------------------------------------

        abstract class Caller {

            Call last;
            Object result;
            boolean changed;
            Object afterLast;
            Outcome answer;
            Caller original;
            Outcome originalAnswer;

            /** The next call, given the result of the last one; {@code null} once answered. */
            abstract Call next(Object previous);

            /** The same request again, with the same ids. */
            abstract Caller copy();

            boolean reIssuable() {
                return true;
            }

            /** Whether a re-issue must answer the same (some refusals may turn out otherwise later). */
            boolean finalAnswer() {
                return !(answer instanceof Outcome.UnknownHold
                        || answer instanceof Outcome.InProgress
                        || answer instanceof Outcome.LimitReached
                        || answer instanceof Outcome.TooManyHolds
                        || answer instanceof Outcome.UnknownProduct);
            }

            Call finish(Outcome outcome) {
                answer = Objects.requireNonNull(outcome);
                return null;
            }

            Outcome answerOf(Object step) {
                if (step instanceof LedgerStep.Answer(Outcome outcome)) {
                    return outcome;
                }
                return fail("a finishing ledger step must answer: %s", step);
            }
        }

        /** {@code open}: the product's rules, then its stock. */
        final class Creation extends Caller {

            final long productId;
            final OpId opId;
            final long units;
            final SaleRules saleRules;

            Creation(long productId, OpId opId, long units, SaleRules saleRules) {
                this.productId = productId;
                this.opId = opId;
                this.units = units;
                this.saleRules = saleRules;
            }

            @Override
            Call next(Object previous) {
                if (previous == null) {
                    rules.putIfAbsent(productId, saleRules);
                    return new CreateCall(productId, opId, units, saleRules);
                }
                return finish((Outcome) previous);
            }

            @Override
            Caller copy() {
                return new Creation(productId, opId, units, saleRules);
            }
        }

        /** {@code buy} and {@code reserve}: claim on the ledger, then the stock, then settle. */
        final class Purchase extends Caller {

            final long productId;
            final String buyerId;
            final int quantity;
            final OpId opId;
            final long holdId;
            final long expiresAt;
            final long deadline = fakeNow + GRACE;
            boolean viaLedger;
            int stage;
            /** Where this purchase's sale is in the batch that carries it, when it goes to the stock without a claim. */
            int batchIndex;

            Outcome stockOutcome;
            /** This request's own mark on its claim; a re-issued duplicate is another request with another mark. */
            final long attempt = ++attempts;

            Purchase(long productId, String buyerId, int quantity, OpId opId, long holdId, long expiresAt) {
                this.productId = productId;
                this.buyerId = buyerId;
                this.quantity = quantity;
                this.opId = opId;
                this.holdId = holdId;
                this.expiresAt = expiresAt;
            }

            @Override
            Call next(Object previous) {
                LedgerKey key = new LedgerKey(productId, buyerId);
                switch (stage) {
                    case 0 -> {
                        SaleRules saleRules = rules.get(productId);
                        if (saleRules == null) {
                            return finish(new Outcome.UnknownProduct(productId));
                        }
                        viaLedger = holdId != 0 || saleRules.limited();
                        Op op = ops.computeIfAbsent(
                                opId, id -> new Op(productId, buyerId, id, holdId, quantity, expiresAt, viaLedger));
                        if (holdId != 0) {
                            holds.putIfAbsent(holdId, op);
                        }
                        if (!viaLedger) {
                            stage = 2;
                            return new SellBatchCall(productId, List.of(opId), List.of(quantity));
                        }
                        stage = 1;
                        Claim claim = new Claim(
                                opId,
                                holdId,
                                holdId == 0 ? Claim.Kind.PURCHASE : Claim.Kind.HOLD,
                                Claim.Phase.PENDING,
                                quantity,
                                expiresAt,
                                deadline,
                                attempt);
                        return new LedgerCall(key, new LedgerCommand.Open(claim, saleRules.perUserLimit(), MAX_OPEN));
                    }
                    case 1 -> {
                        if (previous instanceof LedgerStep.Answer(Outcome outcome)) {
                            return finish(outcome);
                        }
                        stage = 2;
                        return stockCall();
                    }
                    case 2 -> {
                        if (!viaLedger) {
                            return finish((Outcome) ((List<?>) previous).get(batchIndex));
                        }
                        stage = 3;
                        stockOutcome = (Outcome) previous;
                        return new LedgerCall(key, new LedgerCommand.Settle(opId, stockOutcome));
                    }
                    case 3 -> {
                        Outcome settled = answerOf(previous);
                        if (settled instanceof Outcome.Aborted && stockOutcome.changedStock()) {
                            // As GridInventory does: the ledger never counted this change, so fence it off.
                            stage = 4;
                            return new AbortCall(productId, opId);
                        }
                        return finish(settled);
                    }
                    default -> {
                        return finish(new Outcome.Aborted(productId));
                    }
                }
            }

            StockCall stockCall() {
                StockCommand command = holdId == 0
                        ? new StockCommand.Sell(quantity)
                        : new StockCommand.Hold(holdId, quantity, expiresAt);
                return new StockCall(productId, opId, command);
            }

            @Override
            boolean reIssuable() {
                boolean inFlight =
                        active.stream().anyMatch(caller -> caller instanceof Purchase other && other.opId.equals(opId));
                if (inFlight && viaLedger && !CONCURRENT_DUPLICATES) {
                    return false;
                }
                // A client does not retry past the claim's grace: recovery may be fencing it off by then.
                BuyerLedger ledger = ledgers.get(new LedgerKey(productId, buyerId));
                return ledger == null
                        || ledger.claim(opId)
                                .filter(claim -> (claim.phase() == Phase.PENDING || claim.phase() == Phase.ABORTING)
                                        && claim.deadline() <= fakeNow)
                                .isEmpty();
            }

            @Override
            boolean finalAnswer() {
                return super.finalAnswer() && (viaLedger || !(answer instanceof Outcome.SoldOut));
            }

            @Override
            Caller copy() {
                return new Purchase(productId, buyerId, quantity, opId, holdId, expiresAt);
            }

            @Override
            public String toString() {
                return (holdId == 0 ? "buy " : "reserve " + holdId + " ") + quantity + " of " + productId + " by "
                        + buyerId;
            }
        }

        /** {@code confirm}, {@code release}, and recovery's settlement of a decided hold. */
        final class Decision extends Caller {

            final LedgerKey key;
            final long holdId;
            final Phase decisionAsked;
            final long graceMillis;
            final boolean convertsExpiry;
            Phase decision;
            Outcome expiredAnswer;
            int stage;

            Decision(LedgerKey key, long holdId, Phase decision, long graceMillis, boolean convertsExpiry) {
                this.key = key;
                this.holdId = holdId;
                this.decisionAsked = decision;
                this.decision = decision;
                this.graceMillis = graceMillis;
                this.convertsExpiry = convertsExpiry;
            }

            @Override
            Call next(Object previous) {
                switch (stage) {
                    case 0 -> {
                        stage = 1;
                        return decide();
                    }
                    case 1 -> {
                        if (previous instanceof LedgerStep.Proceed(int quantity)) {
                            stage = 2;
                            StockCommand command = decision == Phase.CONFIRMING
                                    ? new StockCommand.ConfirmHeld(holdId, quantity)
                                    : new StockCommand.ReleaseHeld(holdId, quantity);
                            return new StockCall(key.productId(), OpId.settlementOf(holdId), command);
                        }
                        Outcome outcome = answerOf(previous);
                        if (convertsExpiry
                                && decisionAsked == Phase.CONFIRMING
                                && expiredAnswer == null
                                && outcome instanceof Outcome.HoldExpired) {
                            // As GridInventory.confirm: a hold found expired is settled as expired there and then.
                            expiredAnswer = outcome;
                            decision = Phase.EXPIRING;
                            return decide();
                        }
                        return finish(expiredAnswer != null ? expiredAnswer : outcome);
                    }
                    case 2 -> {
                        stage = 3;
                        return new LedgerCall(key, new LedgerCommand.Complete(holdId));
                    }
                    default -> {
                        Outcome completed = answerOf(previous);
                        if (decision == Phase.EXPIRING) {
                            expired = true;
                        }
                        return finish(expiredAnswer != null ? expiredAnswer : completed);
                    }
                }
            }

            LedgerCall decide() {
                return new LedgerCall(key, new LedgerCommand.Decide(holdId, decision, graceMillis));
            }

            @Override
            Caller copy() {
                return new Decision(key, holdId, decisionAsked, graceMillis, convertsExpiry);
            }

            @Override
            public String toString() {
                return decisionAsked + " hold " + holdId + " of " + key;
            }
        }

        /** {@code restock} and {@code returnSold}: the stock alone. */
        final class StockOnly extends Caller {

            final long productId;
            final OpId opId;
            final StockCommand command;

            StockOnly(long productId, OpId opId, StockCommand command) {
                this.productId = productId;
                this.opId = opId;
                this.command = command;
            }

            @Override
            Call next(Object previous) {
                if (previous == null) {
                    return new StockCall(productId, opId, command);
                }
                return finish((Outcome) previous);
            }

            @Override
            Caller copy() {
                return new StockOnly(productId, opId, command);
            }
        }

        /**
         * Recovery's fencing off of one pending claim, ledger first as GridInventory does: abandon it (a late settlement
         * is then answered Aborted), undo it on the stock, then forget it.
         */
        final class FenceOff extends Caller {

            final LedgerKey key;
            final OpId opId;

            FenceOff(LedgerKey key, OpId opId) {
                this.key = key;
                this.opId = opId;
            }

            int stage;

            @Override
            Call next(Object previous) {
                stage++;
                return switch (stage) {
                    case 1 -> new LedgerCall(key, new LedgerCommand.Abandon(opId));
                    case 2 -> new AbortCall(key.productId(), opId);
                    case 3 -> new LedgerCall(key, new LedgerCommand.Forget(opId));
                    default -> {
                        fencedOff = true;
                        yield finish(answerOf(previous));
                    }
                };
            }

            @Override
            Caller copy() {
                return new FenceOff(key, opId);
            }
        }

        /** {@code expireHolds}: every overdue claim of the product's ledgers driven to its end, one call at a time. */
        final class Recovery extends Caller {

            final long productId;
            final Deque<Caller> tasks = new ArrayDeque<>();
            Caller current;
            boolean currentStarted;

            Recovery(long productId) {
                this.productId = productId;
                ledgers.forEach((key, ledger) -> {
                    if (key.productId() != productId || ledger.nextDeadline() > fakeNow) {
                        return;
                    }
                    for (Claim claim : ledger.overdue(fakeNow)) {
                        switch (claim.phase()) {
                            case PENDING, ABORTING -> {
                                presumeGone(claim.opId());
                                tasks.add(new FenceOff(key, claim.opId()));
                            }
                            case HELD, EXPIRING ->
                                tasks.add(new Decision(key, claim.holdId(), Phase.EXPIRING, GRACE, false));
                            case CONFIRMING, RELEASING ->
                                tasks.add(new Decision(key, claim.holdId(), claim.phase(), GRACE, false));
                        }
                    }
                });
                current = tasks.poll();
            }

            @Override
            Call next(Object previous) {
                Object last = currentStarted ? previous : null;
                while (current != null) {
                    currentStarted = true;
                    Call call = current.next(last);
                    if (call != null) {
                        return call;
                    }
                    current = tasks.poll();
                    currentStarted = false;
                    last = null;
                }
                return finish(new Outcome.HoldsExpired(productId, 0, 0));
            }

            @Override
            boolean reIssuable() {
                return false;
            }

            @Override
            Caller copy() {
                return new Recovery(productId);
            }
        }

        /**
         * Recovery fences off a claim only once its deadline passed, which is after its callers gave up: they stop, but
         * a stock operation they sent may still land.
         */
        void presumeGone(OpId opId) {
            for (Caller caller : List.copyOf(active)) {
                if (caller instanceof Purchase purchase && purchase.opId.equals(opId)) {
                    active.remove(caller);
                    stale.add(purchase.stockCall());
                }
            }
        }
    }
}
