package dev.flashsale.engine.ledger;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.ledger.Claim.Kind;
import dev.flashsale.engine.ledger.Claim.Phase;
import dev.flashsale.engine.ledger.Settled.Ending;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one buyer has going on with one product: units bought, claims in flight, open holds, and a short
 * memory of finished claims. It is what makes the per-buyer limit hold: every unit is claimed here <em>before</em> the
 * stock is touched, so no interleaving of requests can take a buyer past the limit.
 *
 * <p>Bounded: at most {@code maxOpen} claims (each at least one unit) and {@code maxRemembered} finished ones, so the
 * cost of a change does not grow with the buyer's history, and never with other buyers at all.
 *
 * <p>Immutable and thread-safe: every change returns a new ledger ({@link Change}).
 */
public record BuyerLedger(long productId, String buyerId, long purchased, List<Claim> claims, List<Settled> recent) {

    /** Finished claims remembered for repeated requests. */
    public static final int MAX_REMEMBERED = 32;

    public BuyerLedger {
        Objects.requireNonNull(buyerId, "buyerId");
        if (purchased < 0) {
            throw new IllegalArgumentException("purchased units are never negative: " + purchased);
        }
        claims = List.copyOf(claims);
        recent = List.copyOf(recent);
    }

    /** An empty ledger. */
    public static BuyerLedger empty(long productId, String buyerId) {
        return new BuyerLedger(productId, buyerId, 0, List.of(), List.of());
    }

    /** Carries out {@code command} at {@code now}. */
    public Change apply(LedgerCommand command, long now) {
        return switch (command) {
            case LedgerCommand.Open open -> open(open.claim(), open.limit(), open.maxOpen());
            case LedgerCommand.Settle settle -> settle(settle.opId(), settle.stockOutcome(), now);
            case LedgerCommand.Decide decide ->
                decide(decide.holdId(), decide.decision(), now, now + decide.settleGraceMillis());
            case LedgerCommand.Complete complete -> complete(complete.holdId(), now);
            case LedgerCommand.Abandon abandon -> abandon(abandon.opId(), now);
            case LedgerCommand.Forget forget -> forget(forget.opId(), now);
        };
    }

    /** The ledger after a change, and what the caller should do next. */
    public record Change(BuyerLedger ledger, LedgerStep step) {}

    /** Units that count against the per-buyer limit: bought, plus every claim not yet finished. */
    public long counted() {
        long units = purchased;
        for (Claim claim : claims) {
            units += claim.quantity();
        }
        return units;
    }

    /** The earliest deadline among the claims; {@link Long#MAX_VALUE} when there is nothing to watch. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Claim claim : claims) {
            next = Math.min(next, claim.deadline());
        }
        return next;
    }

    /** The claim with this op id, if it is still open. */
    public Optional<Claim> claim(OpId opId) {
        return claims.stream().filter(claim -> claim.opId().equals(opId)).findFirst();
    }

    /** The open hold with this id. */
    public Optional<Claim> hold(long holdId) {
        return claims.stream()
                .filter(claim -> claim.kind() == Kind.HOLD && claim.holdId() == holdId)
                .findFirst();
    }

    /** Claims whose deadline has passed, for recovery to drive on. */
    public List<Claim> overdue(long now) {
        return claims.stream().filter(claim -> claim.deadline() <= now).toList();
    }

    /**
     * Claims {@code claim.quantity()} units before the stock is asked. Refused when it would pass {@code limit} (0 means
     * no limit) or when the buyer already has {@code maxOpen} claims. A retry by the request that owns the claim goes
     * on; another request with the same op id is told {@link Outcome.InProgress} while the claim is open, and the first
     * answer once it is finished.
     */
    public Change open(Claim claim, int limit, int maxOpen) {
        Optional<Claim> existing = claim(claim.opId());
        if (existing.isPresent()) {
            if (existing.get().quantity() != claim.quantity() || existing.get().kind() != claim.kind()) {
                throw new IllegalArgumentException(
                        "op id " + claim.opId() + " was used for another claim: " + existing.get() + ", now " + claim);
            }
            if (existing.get().phase() == Phase.ABORTING) {
                return answer(new Outcome.Aborted(productId));
            }
            if (existing.get().phase() == Phase.PENDING && existing.get().attempt() != claim.attempt()) {
                return answer(new Outcome.InProgress(productId));
            }
            return new Change(this, new LedgerStep.Proceed(claim.quantity()));
        }
        Optional<Settled> finished = finished(claim.opId());
        if (finished.isPresent()) {
            return new Change(this, new LedgerStep.Answer(replay(finished.get(), claim)));
        }
        if (limit > 0 && counted() + claim.quantity() > limit) {
            return answer(new Outcome.LimitReached(
                    productId, limit, (int) Math.min(counted(), Integer.MAX_VALUE), claim.quantity()));
        }
        if (claims.size() >= maxOpen) {
            return answer(new Outcome.TooManyHolds(productId, claims.size()));
        }
        List<Claim> next = new ArrayList<>(claims);
        next.add(claim);
        return new Change(
                new BuyerLedger(productId, buyerId, purchased, next, recent), new LedgerStep.Proceed(claim.quantity()));
    }

    /**
     * Records what the stock said about a pending claim: {@code stockOutcome} is the stock's answer, and a hold becomes
     * open with its deadline at its expiry. A repeat for a claim settled already (finished, or a hold now open or
     * decided) changes nothing and answers {@code stockOutcome} again. When the claim is gone (recovery aborted it) the
     * answer is {@link Outcome.Aborted}: the caller must not report a sale.
     */
    public Change settle(OpId opId, Outcome stockOutcome, long now) {
        Optional<Claim> open = claim(opId);
        if (open.isPresent() && open.get().phase() == Phase.ABORTING) {
            return answer(new Outcome.Aborted(productId));
        }
        if (open.isPresent() && open.get().phase() != Phase.PENDING) {
            return answer(stockOutcome);
        }
        if (open.isEmpty()) {
            return answer(finished(opId)
                    .map(settled -> afterFinish(settled, stockOutcome))
                    .orElse(new Outcome.Aborted(productId)));
        }
        Claim claim = open.get();
        if (!stockOutcome.changedStock()) {
            return finish(claim, Ending.REFUSED, 0, now, stockOutcome);
        }
        if (claim.kind() == Kind.PURCHASE) {
            return finish(claim, Ending.PURCHASED, claim.quantity(), now, stockOutcome);
        }
        return replace(claim, claim.moveTo(Phase.HELD, claim.expiresAt()), stockOutcome);
    }

    /**
     * The answer to a settlement arriving after the claim finished (a retried step, or a duplicate of the request). When
     * the ledger recorded the claim as refused or aborted but this stock step did change stock, the answer is
     * {@link Outcome.Aborted}: the ledger never counted that change, so the caller must fence it off on the stock.
     */
    private Outcome afterFinish(Settled settled, Outcome stockOutcome) {
        return switch (settled.ending()) {
            case ABORTED -> new Outcome.Aborted(productId);
            case REFUSED -> stockOutcome.changedStock() ? new Outcome.Aborted(productId) : stockOutcome;
            default -> stockOutcome;
        };
    }

    /**
     * Decides the fate of an open hold, exactly once: the first of confirm, release or expiry wins, and later ones are
     * told what happened. A hold past its expiry can no longer be confirmed.
     */
    public Change decide(long holdId, Phase decision, long now, long settleDeadline) {
        if (!decision.decided()) {
            throw new IllegalArgumentException("not a decision: " + decision);
        }
        Optional<Claim> found = hold(holdId);
        if (found.isEmpty()) {
            return answer(finishedHold(holdId)
                    .map(settled -> endedAnswer(settled, decision))
                    .orElse(new Outcome.UnknownHold(productId, holdId)));
        }
        Claim hold = found.get();
        return switch (hold.phase()) {
            case PENDING, ABORTING -> answer(new Outcome.UnknownHold(productId, holdId));
            case HELD -> {
                Phase effective = decision == Phase.CONFIRMING && hold.expiresAt() <= now ? Phase.EXPIRING : decision;
                Change decided = replace(hold, hold.moveTo(effective, settleDeadline), null);
                yield effective == decision
                        ? new Change(decided.ledger(), new LedgerStep.Proceed(hold.quantity()))
                        : new Change(
                                decided.ledger(), new LedgerStep.Answer(new Outcome.HoldExpired(productId, holdId)));
            }
            case CONFIRMING, RELEASING, EXPIRING ->
                hold.phase() == decision
                        ? new Change(this, new LedgerStep.Proceed(hold.quantity()))
                        : answer(decidedAnswer(hold.phase(), holdId));
        };
    }

    /** Finishes a decided hold once the stock has applied the decision. Repeats change nothing. */
    public Change complete(long holdId, long now) {
        Optional<Claim> found = hold(holdId).filter(claim -> claim.phase().decided());
        if (found.isEmpty()) {
            return answer(finishedHold(holdId)
                    .map(settled -> completedAnswer(settled))
                    .orElse(new Outcome.UnknownHold(productId, holdId)));
        }
        Claim hold = found.get();
        return switch (hold.phase()) {
            case CONFIRMING ->
                finish(
                        hold,
                        Ending.CONFIRMED,
                        hold.quantity(),
                        now,
                        new Outcome.Confirmed(productId, holdId, hold.quantity()));
            case RELEASING ->
                finish(hold, Ending.RELEASED, 0, now, new Outcome.Released(productId, holdId, hold.quantity()));
            default -> finish(hold, Ending.EXPIRED, 0, now, new Outcome.HoldExpired(productId, holdId));
        };
    }

    /**
     * First step of recovering a pending claim whose caller vanished: the claim turns ABORTING (its units still count,
     * a late settlement is answered Aborted) and is due for recovery at once. Recovery then fences the stock operation
     * off and {@link #forget}s the claim; if recovery dies in between, the next pass finds the ABORTING claim again.
     */
    public Change abandon(OpId opId, long now) {
        Optional<Claim> pending = claim(opId).filter(claim -> claim.phase() == Phase.PENDING);
        if (pending.isEmpty()) {
            return answer(new Outcome.Aborted(productId));
        }
        return replace(pending.get(), pending.get().moveTo(Phase.ABORTING, now), new Outcome.Aborted(productId));
    }

    /** Last step of recovering a claim: once its stock operation is fenced off, the ABORTING claim is dropped. */
    public Change forget(OpId opId, long now) {
        Optional<Claim> aborting = claim(opId).filter(claim -> claim.phase() == Phase.ABORTING);
        return aborting.map(claim -> finish(claim, Ending.ABORTED, 0, now, new Outcome.Aborted(productId)))
                .orElseGet(() -> answer(new Outcome.Aborted(productId)));
    }

    private Change finish(Claim claim, Ending ending, int soldUnits, long now, Outcome outcome) {
        List<Claim> next = new ArrayList<>(claims);
        next.remove(claim);
        List<Settled> remembered = new ArrayList<>(recent.size() + 1);
        int skip = Math.max(0, recent.size() + 1 - MAX_REMEMBERED);
        remembered.addAll(recent.subList(skip, recent.size()));
        remembered.add(new Settled(claim.opId(), claim.holdId(), ending, claim.quantity(), availableIn(outcome), now));
        return new Change(
                new BuyerLedger(productId, buyerId, purchased + soldUnits, next, remembered),
                new LedgerStep.Answer(outcome));
    }

    private Change replace(Claim old, Claim updated, Outcome outcome) {
        List<Claim> next = new ArrayList<>(claims);
        next.set(next.indexOf(old), updated);
        LedgerStep step = outcome == null ? new LedgerStep.Proceed(updated.quantity()) : new LedgerStep.Answer(outcome);
        return new Change(new BuyerLedger(productId, buyerId, purchased, next, recent), step);
    }

    private Change answer(Outcome outcome) {
        return new Change(this, new LedgerStep.Answer(outcome));
    }

    private Optional<Settled> finished(OpId opId) {
        return recent.stream().filter(settled -> settled.opId().equals(opId)).findFirst();
    }

    private Optional<Settled> finishedHold(long holdId) {
        return recent.stream().filter(settled -> settled.holdId() == holdId).findFirst();
    }

    private Outcome replay(Settled settled, Claim claim) {
        return switch (settled.ending()) {
            case PURCHASED -> new Outcome.Sold(productId, settled.quantity(), settled.available());
            case REFUSED -> new Outcome.SoldOut(productId, claim.quantity(), settled.available());
            case ABORTED -> new Outcome.Aborted(productId);
            case CONFIRMED, RELEASED, EXPIRED -> endedAnswer(settled, Phase.CONFIRMING);
        };
    }

    private Outcome endedAnswer(Settled settled, Phase decision) {
        long holdId = settled.holdId();
        return switch (settled.ending()) {
            case CONFIRMED ->
                decision == Phase.CONFIRMING
                        ? new Outcome.Confirmed(productId, holdId, settled.quantity())
                        : new Outcome.HoldAlreadyConfirmed(productId, holdId);
            case RELEASED ->
                decision == Phase.RELEASING
                        ? new Outcome.Released(productId, holdId, settled.quantity())
                        : new Outcome.HoldReleased(productId, holdId);
            case EXPIRED -> new Outcome.HoldExpired(productId, holdId);
            default -> new Outcome.UnknownHold(productId, holdId);
        };
    }

    private Outcome completedAnswer(Settled settled) {
        return switch (settled.ending()) {
            case CONFIRMED -> new Outcome.Confirmed(productId, settled.holdId(), settled.quantity());
            case RELEASED -> new Outcome.Released(productId, settled.holdId(), settled.quantity());
            case EXPIRED -> new Outcome.HoldExpired(productId, settled.holdId());
            default -> new Outcome.UnknownHold(productId, settled.holdId());
        };
    }

    private Outcome decidedAnswer(Phase current, long holdId) {
        return switch (current) {
            case CONFIRMING -> new Outcome.HoldAlreadyConfirmed(productId, holdId);
            case RELEASING -> new Outcome.HoldReleased(productId, holdId);
            default -> new Outcome.HoldExpired(productId, holdId);
        };
    }

    private static long availableIn(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Sold sold -> sold.available();
            case Outcome.SoldOut soldOut -> soldOut.available();
            default -> -1;
        };
    }
}
