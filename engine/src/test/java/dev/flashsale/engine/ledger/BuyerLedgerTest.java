package dev.flashsale.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.ledger.Claim.Kind;
import dev.flashsale.engine.ledger.Claim.Phase;
import dev.flashsale.engine.ledger.Settled.Ending;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BuyerLedgerTest {

    static final long PRODUCT = 7;
    static final long NOW = 1_000_000;
    static final long GRACE = 30_000;
    static final long LATER = NOW + 60_000;
    static final int NO_LIMIT = 0;
    static final int MAX_OPEN = 16;

    static BuyerLedger empty() {
        return BuyerLedger.empty(PRODUCT, "alice");
    }

    static OpId op(long number) {
        return new OpId(0xA11CE, number);
    }

    static Claim purchase(OpId opId, int quantity) {
        return new Claim(opId, 0, Kind.PURCHASE, Phase.PENDING, quantity, 0, NOW + GRACE);
    }

    static Claim hold(OpId opId, long holdId, int quantity, long expiresAt) {
        return new Claim(opId, holdId, Kind.HOLD, Phase.PENDING, quantity, expiresAt, NOW + GRACE);
    }

    /** The ledger after a purchase of {@code quantity} went through, leaving {@code available} in stock. */
    static BuyerLedger bought(BuyerLedger ledger, OpId opId, int quantity, long available) {
        BuyerLedger opened = opened(ledger, purchase(opId, quantity), NO_LIMIT);
        return opened.settle(opId, new Outcome.Sold(PRODUCT, quantity, available), NOW)
                .ledger();
    }

    /** The ledger with an open hold of {@code quantity} units until {@code expiresAt}. */
    static BuyerLedger held(BuyerLedger ledger, OpId opId, long holdId, int quantity, long expiresAt) {
        BuyerLedger opened = opened(ledger, hold(opId, holdId, quantity, expiresAt), NO_LIMIT);
        return opened.settle(opId, reserved(holdId, quantity, expiresAt), NOW).ledger();
    }

    /** The ledger with a hold decided {@code decision} at {@link #NOW}. */
    static BuyerLedger decided(long holdId, int quantity, Phase decision) {
        BuyerLedger ledger = held(empty(), op(holdId), holdId, quantity, LATER);
        BuyerLedger.Change change = ledger.decide(holdId, decision, NOW, NOW + GRACE);
        assertThat(change.step()).isEqualTo(new LedgerStep.Proceed(quantity));
        return change.ledger();
    }

    static BuyerLedger opened(BuyerLedger ledger, Claim claim, int limit) {
        BuyerLedger.Change change = ledger.open(claim, limit, MAX_OPEN);
        assertThat(change.step()).isEqualTo(new LedgerStep.Proceed(claim.quantity()));
        return change.ledger();
    }

    static Outcome.Reserved reserved(long holdId, int quantity, long expiresAt) {
        return new Outcome.Reserved(PRODUCT, holdId, quantity, expiresAt, 5);
    }

    static LedgerStep answer(Outcome outcome) {
        return new LedgerStep.Answer(outcome);
    }

    @Nested
    class Opening {

        @Test
        void claimsUnitsWithinTheLimit() {
            Claim claim = purchase(op(1), 2);
            BuyerLedger.Change change = empty().open(claim, 2, MAX_OPEN);
            assertThat(change.step()).isEqualTo(new LedgerStep.Proceed(2));
            assertThat(change.ledger().claims()).containsExactly(claim);
            assertThat(change.ledger().counted()).isEqualTo(2);
            assertThat(change.ledger().purchased()).isZero();
        }

        @Test
        void refusesClaimOverTheLimit() {
            BuyerLedger ledger = bought(empty(), op(1), 4, 6);
            BuyerLedger.Change change = ledger.open(purchase(op(2), 2), 5, MAX_OPEN);
            assertThat(change.step()).isEqualTo(answer(new Outcome.LimitReached(PRODUCT, 5, 4, 2)));
            assertThat(change.ledger()).isSameAs(ledger);
            assertThat(ledger.open(purchase(op(2), 1), 5, MAX_OPEN).step()).isEqualTo(new LedgerStep.Proceed(1));
        }

        @Test
        void ignoresTheLimitWhenItIsZero() {
            assertThat(empty().open(purchase(op(1), 1_000_000), NO_LIMIT, MAX_OPEN)
                            .step())
                    .isEqualTo(new LedgerStep.Proceed(1_000_000));
        }

        @Test
        void countsPurchasesPendingClaimsAndHoldsAgainstTheLimit() {
            BuyerLedger ledger = bought(empty(), op(1), 1, 9);
            ledger = opened(ledger, purchase(op(2), 1), NO_LIMIT);
            ledger = held(ledger, op(3), 31, 1, LATER);
            ledger = held(ledger, op(4), 41, 1, LATER)
                    .decide(41, Phase.CONFIRMING, NOW, NOW + GRACE)
                    .ledger();
            assertThat(ledger.counted()).isEqualTo(4);

            assertThat(ledger.open(purchase(op(5), 2), 5, MAX_OPEN).step())
                    .isEqualTo(answer(new Outcome.LimitReached(PRODUCT, 5, 4, 2)));
            assertThat(ledger.open(hold(op(5), 51, 2, LATER), 5, MAX_OPEN).step())
                    .isEqualTo(answer(new Outcome.LimitReached(PRODUCT, 5, 4, 2)));
            assertThat(ledger.open(purchase(op(5), 1), 5, MAX_OPEN).step()).isEqualTo(new LedgerStep.Proceed(1));
        }

        @Test
        void refusesClaimBeyondTheMostOpenClaims() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 1), NO_LIMIT);
            ledger = held(ledger, op(2), 21, 1, LATER);
            BuyerLedger.Change change = ledger.open(purchase(op(3), 1), NO_LIMIT, 2);
            assertThat(change.step()).isEqualTo(answer(new Outcome.TooManyHolds(PRODUCT, 2)));
            assertThat(change.ledger()).isSameAs(ledger);
        }

        @Test
        void proceedsAgainWithoutCountingTwiceWhenTheSameOpRepeats() {
            Claim claim = purchase(op(1), 2);
            BuyerLedger ledger = opened(empty(), claim, 2);
            BuyerLedger.Change again = ledger.open(claim, 2, MAX_OPEN);
            assertThat(again.step()).isEqualTo(new LedgerStep.Proceed(2));
            assertThat(again.ledger()).isEqualTo(ledger);
            assertThat(again.ledger().counted()).isEqualTo(2);
        }

        @Test
        void proceedsAgainWhenTheSameHoldRepeatsWhileOpen() {
            Claim claim = hold(op(1), 11, 2, LATER);
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            BuyerLedger.Change again = ledger.open(claim, 2, MAX_OPEN);
            assertThat(again.step()).isEqualTo(new LedgerStep.Proceed(2));
            assertThat(again.ledger()).isEqualTo(ledger);
        }

        @Test
        void answersAsTheFirstDidWhenAFinishedPurchaseRepeats() {
            BuyerLedger ledger = bought(empty(), op(1), 2, 8);
            BuyerLedger.Change again = ledger.open(purchase(op(1), 2), 2, MAX_OPEN);
            assertThat(again.step()).isEqualTo(answer(new Outcome.Sold(PRODUCT, 2, 8)));
            assertThat(again.ledger()).isSameAs(ledger);
        }

        @Test
        void answersSoldOutAgainWhenARefusedPurchaseRepeats() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 3), NO_LIMIT)
                    .settle(op(1), new Outcome.SoldOut(PRODUCT, 3, 1), NOW)
                    .ledger();
            BuyerLedger.Change again = ledger.open(purchase(op(1), 3), NO_LIMIT, MAX_OPEN);
            assertThat(again.step()).isEqualTo(answer(new Outcome.SoldOut(PRODUCT, 3, 1)));
            assertThat(again.ledger()).isSameAs(ledger);
        }

        @Test
        void answersAbortedWhenAnAbandonedClaimRepeats() {
            BuyerLedger abandoned = opened(empty(), purchase(op(1), 1), NO_LIMIT)
                    .abandon(op(1), NOW)
                    .ledger();
            BuyerLedger.Change whileAborting = abandoned.open(purchase(op(1), 1), NO_LIMIT, MAX_OPEN);
            assertThat(whileAborting.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(whileAborting.ledger()).isSameAs(abandoned);
            BuyerLedger forgotten = abandoned.forget(op(1), NOW).ledger();
            BuyerLedger.Change again = forgotten.open(purchase(op(1), 1), NO_LIMIT, MAX_OPEN);
            assertThat(again.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(again.ledger()).isSameAs(forgotten);
        }

        @Test
        void refusesAnOpIdReusedForAnotherClaim() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 1), NO_LIMIT);
            assertThatThrownBy(() -> ledger.open(purchase(op(1), 2), NO_LIMIT, MAX_OPEN))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Settling {

        @Test
        void recordsAPurchaseTheStockApplied() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 2), 2);
            Outcome sold = new Outcome.Sold(PRODUCT, 2, 8);
            BuyerLedger.Change change = ledger.settle(op(1), sold, NOW);
            assertThat(change.step()).isEqualTo(answer(sold));
            assertThat(change.ledger().purchased()).isEqualTo(2);
            assertThat(change.ledger().claims()).isEmpty();
            assertThat(change.ledger().counted()).isEqualTo(2);
            assertThat(change.ledger().recent()).containsExactly(new Settled(op(1), 0, Ending.PURCHASED, 2, 8, NOW));
        }

        @Test
        void recordsAPurchaseTheStockRefused() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 2), 2);
            Outcome soldOut = new Outcome.SoldOut(PRODUCT, 2, 1);
            BuyerLedger.Change change = ledger.settle(op(1), soldOut, NOW);
            assertThat(change.step()).isEqualTo(answer(soldOut));
            assertThat(change.ledger().purchased()).isZero();
            assertThat(change.ledger().counted()).isZero();
            assertThat(change.ledger().recent()).containsExactly(new Settled(op(1), 0, Ending.REFUSED, 2, 1, NOW));
        }

        @Test
        void opensAHoldTheStockApplied() {
            BuyerLedger ledger = opened(empty(), hold(op(1), 11, 2, LATER), 2);
            Outcome.Reserved reserved = reserved(11, 2, LATER);
            BuyerLedger.Change change = ledger.settle(op(1), reserved, NOW);
            assertThat(change.step()).isEqualTo(answer(reserved));
            assertThat(change.ledger().hold(11)).hasValueSatisfying(open -> {
                assertThat(open.phase()).isEqualTo(Phase.HELD);
                assertThat(open.deadline()).isEqualTo(LATER);
            });
            assertThat(change.ledger().counted()).isEqualTo(2);
            assertThat(change.ledger().purchased()).isZero();
        }

        @Test
        void dropsAHoldTheStockRefused() {
            BuyerLedger ledger = opened(empty(), hold(op(1), 11, 2, LATER), 2);
            BuyerLedger.Change change = ledger.settle(op(1), new Outcome.SoldOut(PRODUCT, 2, 0), NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.SoldOut(PRODUCT, 2, 0)));
            assertThat(change.ledger().claims()).isEmpty();
            assertThat(change.ledger().counted()).isZero();
            assertThat(change.ledger().recent())
                    .singleElement()
                    .extracting(Settled::ending)
                    .isEqualTo(Ending.REFUSED);
        }

        @Test
        void answersAbortedAfterTheClaimWasAbandoned() {
            BuyerLedger abandoned =
                    opened(empty(), purchase(op(1), 2), 2).abandon(op(1), NOW).ledger();
            BuyerLedger.Change late = abandoned.settle(op(1), new Outcome.Sold(PRODUCT, 2, 8), NOW);
            assertThat(late.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(late.ledger()).isSameAs(abandoned);
            BuyerLedger forgotten = abandoned.forget(op(1), NOW).ledger();
            assertThat(forgotten
                            .settle(op(1), new Outcome.Sold(PRODUCT, 2, 8), NOW)
                            .step())
                    .isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(forgotten.purchased()).isZero();
        }

        @Test
        void answersAbortedWhenADuplicateSoldAfterTheClaimWasRefused() {
            BuyerLedger refused = opened(empty(), purchase(op(1), 2), 2)
                    .settle(op(1), new Outcome.SoldOut(PRODUCT, 2, 1), NOW)
                    .ledger();
            BuyerLedger.Change lateSale = refused.settle(op(1), new Outcome.Sold(PRODUCT, 2, 5), NOW);
            assertThat(lateSale.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(lateSale.ledger()).isSameAs(refused);
            assertThat(refused.settle(op(1), new Outcome.SoldOut(PRODUCT, 2, 0), NOW)
                            .step())
                    .isEqualTo(answer(new Outcome.SoldOut(PRODUCT, 2, 0)));
        }

        @Test
        void answersAbortedForAnOpItNeverClaimed() {
            BuyerLedger.Change change = empty().settle(op(9), new Outcome.Sold(PRODUCT, 1, 1), NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(change.ledger()).isEqualTo(empty());
        }

        @Test
        void answersTheStockOutcomeAgainWhenAFinishedSettlementRepeats() {
            BuyerLedger ledger = bought(empty(), op(1), 2, 8);
            BuyerLedger.Change again = ledger.settle(op(1), new Outcome.Sold(PRODUCT, 2, 8), NOW);
            assertThat(again.step()).isEqualTo(answer(new Outcome.Sold(PRODUCT, 2, 8)));
            assertThat(again.ledger()).isSameAs(ledger);
        }

        @Test
        void answersReservedAgainWhenTheSettlementOfAnOpenHoldRepeats() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            BuyerLedger.Change again = ledger.settle(op(1), reserved(11, 2, LATER), NOW);
            assertThat(again.step()).isEqualTo(answer(reserved(11, 2, LATER)));
            assertThat(again.ledger()).isSameAs(ledger);
        }

        @Test
        void answersReservedAgainWhenTheSettlementOfADecidedHoldRepeats() {
            BuyerLedger ledger = decided(11, 2, Phase.CONFIRMING);
            BuyerLedger.Change again = ledger.settle(op(11), reserved(11, 2, LATER), NOW);
            assertThat(again.step()).isEqualTo(answer(reserved(11, 2, LATER)));
            assertThat(again.ledger()).isSameAs(ledger);
        }
    }

    @Nested
    class Abandoning {

        @Test
        void keepsAnAbandonedClaimCountedAndDueUntilItIsForgotten() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 2), 2);
            BuyerLedger.Change change = ledger.abandon(op(1), NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(change.ledger().claims()).extracting(Claim::phase).containsExactly(Phase.ABORTING);
            assertThat(change.ledger().counted()).isEqualTo(2);
            assertThat(change.ledger().nextDeadline()).isEqualTo(NOW);
            assertThat(change.ledger().abandon(op(1), NOW).ledger()).isSameAs(change.ledger());

            BuyerLedger.Change forgotten = change.ledger().forget(op(1), NOW);
            assertThat(forgotten.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(forgotten.ledger().claims()).isEmpty();
            assertThat(forgotten.ledger().counted()).isZero();
            assertThat(forgotten.ledger().recent()).containsExactly(new Settled(op(1), 0, Ending.ABORTED, 2, -1, NOW));
        }

        @Test
        void forgetsOnlyAnAbandonedClaim() {
            BuyerLedger pending = opened(empty(), purchase(op(1), 2), 2);
            assertThat(pending.forget(op(1), NOW).ledger()).isSameAs(pending);
        }

        @Test
        void leavesAnOpenHoldAlone() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            BuyerLedger.Change change = ledger.abandon(op(1), NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.Aborted(PRODUCT)));
            assertThat(change.ledger()).isSameAs(ledger);
        }

        @Test
        void leavesAFinishedPurchaseAlone() {
            BuyerLedger ledger = bought(empty(), op(1), 2, 8);
            assertThat(ledger.abandon(op(1), NOW).ledger()).isSameAs(ledger);
            assertThat(ledger.abandon(op(2), NOW).ledger()).isSameAs(ledger);
        }
    }

    @Nested
    class Deciding {

        @Test
        void proceedsToConfirmAnOpenHold() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            BuyerLedger.Change change = ledger.decide(11, Phase.CONFIRMING, NOW, NOW + 500);
            assertThat(change.step()).isEqualTo(new LedgerStep.Proceed(2));
            assertThat(change.ledger().hold(11)).hasValueSatisfying(decided -> {
                assertThat(decided.phase()).isEqualTo(Phase.CONFIRMING);
                assertThat(decided.deadline()).isEqualTo(NOW + 500);
            });
        }

        @Test
        void proceedsToReleaseAnOpenHold() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            BuyerLedger.Change change = ledger.decide(11, Phase.RELEASING, NOW, NOW + 500);
            assertThat(change.step()).isEqualTo(new LedgerStep.Proceed(2));
            assertThat(change.ledger().hold(11).map(Claim::phase)).contains(Phase.RELEASING);
        }

        @Test
        void letsTheFirstDecisionWinOverALaterRelease() {
            BuyerLedger ledger = decided(11, 2, Phase.CONFIRMING);
            assertThat(ledger.decide(11, Phase.RELEASING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldAlreadyConfirmed(PRODUCT, 11)));
            assertThat(ledger.decide(11, Phase.EXPIRING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldAlreadyConfirmed(PRODUCT, 11)));
            BuyerLedger.Change repeat = ledger.decide(11, Phase.CONFIRMING, NOW, NOW + 1);
            assertThat(repeat.step()).isEqualTo(new LedgerStep.Proceed(2));
            assertThat(repeat.ledger()).isSameAs(ledger);
        }

        @Test
        void letsTheFirstDecisionWinOverALaterConfirmation() {
            BuyerLedger ledger = decided(11, 2, Phase.RELEASING);
            BuyerLedger.Change change = ledger.decide(11, Phase.CONFIRMING, NOW, NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.HoldReleased(PRODUCT, 11)));
            assertThat(change.ledger()).isSameAs(ledger);
            assertThat(ledger.decide(11, Phase.EXPIRING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldReleased(PRODUCT, 11)));
        }

        @Test
        void letsExpiryWinOverALaterConfirmationOrRelease() {
            BuyerLedger ledger = decided(11, 2, Phase.EXPIRING);
            assertThat(ledger.decide(11, Phase.CONFIRMING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
            assertThat(ledger.decide(11, Phase.RELEASING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
        }

        @Test
        void turnsTheConfirmationOfAnExpiredHoldIntoExpiry() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, NOW);
            BuyerLedger.Change change = ledger.decide(11, Phase.CONFIRMING, NOW, NOW + 500);
            assertThat(change.step()).isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
            assertThat(change.ledger().hold(11)).hasValueSatisfying(expiring -> {
                assertThat(expiring.phase()).isEqualTo(Phase.EXPIRING);
                assertThat(expiring.deadline()).isEqualTo(NOW + 500);
            });
            assertThat(change.ledger()
                            .decide(11, Phase.EXPIRING, NOW, NOW + 500)
                            .step())
                    .isEqualTo(new LedgerStep.Proceed(2));
        }

        @Test
        void confirmsAHoldUpToItsLastMillisecond() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, NOW + 1);
            assertThat(ledger.decide(11, Phase.CONFIRMING, NOW, NOW).step()).isEqualTo(new LedgerStep.Proceed(2));
        }

        @Test
        void releasesAnExpiredHoldAtTheBuyersRequest() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, NOW - 1);
            assertThat(ledger.decide(11, Phase.RELEASING, NOW, NOW).step()).isEqualTo(new LedgerStep.Proceed(2));
        }

        @Test
        void answersUnknownHoldForAHoldStillPending() {
            BuyerLedger ledger = opened(empty(), hold(op(1), 11, 2, LATER), NO_LIMIT);
            BuyerLedger.Change change = ledger.decide(11, Phase.CONFIRMING, NOW, NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.UnknownHold(PRODUCT, 11)));
            assertThat(change.ledger()).isSameAs(ledger);
        }

        @Test
        void answersUnknownHoldForAHoldItNeverHad() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            assertThat(ledger.decide(12, Phase.RELEASING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.UnknownHold(PRODUCT, 12)));
        }

        @Test
        void answersUnknownHoldForAHoldTheStockRefused() {
            BuyerLedger ledger = opened(empty(), hold(op(1), 11, 2, LATER), NO_LIMIT)
                    .settle(op(1), new Outcome.SoldOut(PRODUCT, 2, 0), NOW)
                    .ledger();
            assertThat(ledger.decide(11, Phase.CONFIRMING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.UnknownHold(PRODUCT, 11)));
        }

        @Test
        void rejectsWhatIsNotADecision() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            assertThatThrownBy(() -> ledger.decide(11, Phase.HELD, NOW, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LedgerCommand.Decide(11, Phase.PENDING, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Completing {

        @Test
        void foldsConfirmedUnitsIntoPurchased() {
            BuyerLedger ledger = decided(11, 2, Phase.CONFIRMING);
            BuyerLedger.Change change = ledger.complete(11, NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.Confirmed(PRODUCT, 11, 2)));
            assertThat(change.ledger().purchased()).isEqualTo(2);
            assertThat(change.ledger().claims()).isEmpty();
            assertThat(change.ledger().counted()).isEqualTo(2);
            assertThat(change.ledger().recent()).containsExactly(new Settled(op(11), 11, Ending.CONFIRMED, 2, -1, NOW));
        }

        @Test
        void changesNothingWhenRepeated() {
            BuyerLedger confirmed =
                    decided(11, 2, Phase.CONFIRMING).complete(11, NOW).ledger();
            BuyerLedger.Change again = confirmed.complete(11, NOW + 1);
            assertThat(again.step()).isEqualTo(answer(new Outcome.Confirmed(PRODUCT, 11, 2)));
            assertThat(again.ledger()).isSameAs(confirmed);

            BuyerLedger released =
                    decided(11, 2, Phase.RELEASING).complete(11, NOW).ledger();
            assertThat(released.complete(11, NOW).step()).isEqualTo(answer(new Outcome.Released(PRODUCT, 11, 2)));
            assertThat(released.complete(11, NOW).ledger()).isSameAs(released);

            BuyerLedger expired =
                    decided(11, 2, Phase.EXPIRING).complete(11, NOW).ledger();
            assertThat(expired.complete(11, NOW).step()).isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
            assertThat(expired.complete(11, NOW).ledger()).isSameAs(expired);
        }

        @Test
        void answersLaterDecisionsAboutAConfirmedHold() {
            BuyerLedger ledger =
                    decided(11, 2, Phase.CONFIRMING).complete(11, NOW).ledger();
            assertThat(ledger.decide(11, Phase.CONFIRMING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.Confirmed(PRODUCT, 11, 2)));
            assertThat(ledger.decide(11, Phase.RELEASING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldAlreadyConfirmed(PRODUCT, 11)));
        }

        @Test
        void freesTheUnitsOfAReleasedHold() {
            BuyerLedger.Change change = decided(11, 2, Phase.RELEASING).complete(11, NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.Released(PRODUCT, 11, 2)));
            assertThat(change.ledger().counted()).isZero();
            assertThat(change.ledger().purchased()).isZero();
            assertThat(change.ledger().decide(11, Phase.RELEASING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.Released(PRODUCT, 11, 2)));
            assertThat(change.ledger().decide(11, Phase.CONFIRMING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldReleased(PRODUCT, 11)));
        }

        @Test
        void freesTheUnitsOfAnExpiredHold() {
            BuyerLedger.Change change = decided(11, 2, Phase.EXPIRING).complete(11, NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
            assertThat(change.ledger().counted()).isZero();
            assertThat(change.ledger().decide(11, Phase.CONFIRMING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
            assertThat(change.ledger().decide(11, Phase.RELEASING, NOW, NOW).step())
                    .isEqualTo(answer(new Outcome.HoldExpired(PRODUCT, 11)));
        }

        @Test
        void leavesAnUndecidedHoldAlone() {
            BuyerLedger ledger = held(empty(), op(1), 11, 2, LATER);
            BuyerLedger.Change change = ledger.complete(11, NOW);
            assertThat(change.step()).isEqualTo(answer(new Outcome.UnknownHold(PRODUCT, 11)));
            assertThat(change.ledger()).isSameAs(ledger);
        }
    }

    @Nested
    class Remembering {

        @Test
        void remembersOnlyTheMostRecentFinishedClaims() {
            int purchases = BuyerLedger.MAX_REMEMBERED + 3;
            BuyerLedger ledger = empty();
            for (int i = 0; i < purchases; i++) {
                ledger = bought(ledger, op(i), 1, 100 - i);
            }
            assertThat(ledger.recent()).hasSize(BuyerLedger.MAX_REMEMBERED);
            assertThat(ledger.recent().getFirst().opId()).isEqualTo(op(3));
            assertThat(ledger.purchased()).isEqualTo(purchases);

            assertThat(ledger.open(purchase(op(purchases - 1), 1), NO_LIMIT, MAX_OPEN)
                            .step())
                    .isEqualTo(answer(new Outcome.Sold(PRODUCT, 1, 100 - (purchases - 1))));
            // Forgotten: a repeat this late is taken for a new claim. The bound is what keeps a ledger small.
            assertThat(ledger.open(purchase(op(0), 1), NO_LIMIT, MAX_OPEN).step())
                    .isEqualTo(new LedgerStep.Proceed(1));
        }

        @Test
        void watchesTheEarliestDeadline() {
            assertThat(empty().nextDeadline()).isEqualTo(Long.MAX_VALUE);
            BuyerLedger ledger = opened(empty(), purchase(op(1), 1), NO_LIMIT);
            assertThat(ledger.nextDeadline()).isEqualTo(NOW + GRACE);
            ledger = held(ledger, op(2), 21, 1, NOW + 100);
            assertThat(ledger.nextDeadline()).isEqualTo(NOW + 100);
            ledger = ledger.decide(21, Phase.RELEASING, NOW, NOW + 50).ledger();
            assertThat(ledger.nextDeadline()).isEqualTo(NOW + 50);
            ledger = ledger.complete(21, NOW).ledger().abandon(op(1), NOW).ledger();
            assertThat(ledger.nextDeadline()).isEqualTo(NOW);
            ledger = ledger.forget(op(1), NOW).ledger();
            assertThat(ledger.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void findsOverdueClaims() {
            BuyerLedger ledger = opened(empty(), purchase(op(1), 1), NO_LIMIT);
            ledger = held(ledger, op(2), 21, 1, NOW + 100);
            assertThat(ledger.overdue(NOW + 99)).isEmpty();
            assertThat(ledger.overdue(NOW + 100)).extracting(Claim::holdId).containsExactly(21L);
            assertThat(ledger.overdue(NOW + GRACE)).extracting(Claim::opId).containsExactlyInAnyOrder(op(1), op(2));
        }
    }

    @Nested
    class Commands {

        @Test
        void applyCarriesOutEachCommand() {
            Claim claim = hold(op(1), 11, 2, LATER);
            BuyerLedger ledger =
                    empty().apply(new LedgerCommand.Open(claim, 2, 1), NOW).ledger();
            assertThat(ledger.claims()).containsExactly(claim);
            ledger = ledger.apply(new LedgerCommand.Settle(op(1), reserved(11, 2, LATER)), NOW)
                    .ledger();
            BuyerLedger.Change decided = ledger.apply(new LedgerCommand.Decide(11, Phase.CONFIRMING, 500), NOW);
            assertThat(decided.ledger().hold(11).map(Claim::deadline)).contains(NOW + 500);
            BuyerLedger.Change completed = decided.ledger().apply(new LedgerCommand.Complete(11), NOW);
            assertThat(completed.ledger().purchased()).isEqualTo(2);

            BuyerLedger pending = empty().apply(new LedgerCommand.Open(purchase(op(2), 1), 0, 1), NOW)
                    .ledger();
            BuyerLedger abandoned =
                    pending.apply(new LedgerCommand.Abandon(op(2)), NOW).ledger();
            assertThat(abandoned.claims()).extracting(Claim::phase).containsExactly(Phase.ABORTING);
            assertThat(abandoned
                            .apply(new LedgerCommand.Forget(op(2)), NOW)
                            .ledger()
                            .claims())
                    .isEmpty();
        }

        @Test
        void rejectsImpossibleCommands() {
            Claim claim = purchase(op(1), 1);
            assertThatThrownBy(() -> new LedgerCommand.Open(claim, -1, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LedgerCommand.Open(claim, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LedgerCommand.Settle(op(1), null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new LedgerCommand.Abandon(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void rejectsImpossibleClaims() {
            assertThatThrownBy(() -> new Claim(op(1), 0, Kind.PURCHASE, Phase.PENDING, 0, 0, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Claim(op(1), 11, Kind.PURCHASE, Phase.PENDING, 1, 0, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Claim(op(1), 0, Kind.PURCHASE, Phase.HELD, 1, 0, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Claim(op(1), 0, Kind.HOLD, Phase.PENDING, 1, 0, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void rejectsImpossibleLedgers() {
            assertThatThrownBy(() -> new BuyerLedger(PRODUCT, "alice", -1, List.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new BuyerLedger(PRODUCT, null, 0, List.of(), List.of()))
                    .isInstanceOf(NullPointerException.class);
        }

        @Test
        void keepsItsOwnCopyOfItsLists() {
            List<Claim> claims = new ArrayList<>(List.of(purchase(op(1), 1)));
            BuyerLedger ledger = new BuyerLedger(PRODUCT, "alice", 0, claims, new ArrayList<>());
            claims.clear();
            assertThat(ledger.claims()).hasSize(1);
            assertThatThrownBy(() -> ledger.claims().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
