package dev.flashsale.engine.grid;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's tunables. docs/engine.md explains how they relate; the defaults suit the design point.
 *
 * @param opMemoryCount operations a product remembers at most, for recognising re-executions
 * @param opMemoryAge how long a product remembers an operation at most
 * @param claimGrace how long a claim may stay unfinished before recovery presumes its caller gone; must exceed
 *     {@code callDeadline}, and stay well under {@code opMemoryAge}
 * @param callDeadline how long a caller retries one grid operation through failures before giving up
 * @param maxOpenClaims claims (purchases in flight and holds) one buyer may have open on one product
 * @param reapInterval how often each member looks for expired holds and stuck claims among the ledgers it owns
 * @param backupCount synchronous backups of every engine map
 * @param maxSaleBatch sales of one product (without a per-buyer limit) that one member sends to the product's owner in
 *     one invocation at most; 1 sends every sale on its own, with no batching
 * @param maxWaitingSales sales of one product that may wait on one member for the batch in flight to return; a sale
 *     beyond it is refused at once with {@link InventoryUnavailableException}
 */
public record EngineSettings(
        int opMemoryCount,
        Duration opMemoryAge,
        Duration claimGrace,
        Duration callDeadline,
        int maxOpenClaims,
        Duration reapInterval,
        int backupCount,
        int maxSaleBatch,
        int maxWaitingSales) {

    /** Batches of at most this many sales by default: docs/engine.md, "Batching a hot product's sales". */
    public static final int DEFAULT_MAX_SALE_BATCH = 256;

    /** Sixteen full batches waiting per product and member by default. */
    public static final int DEFAULT_MAX_WAITING_SALES = 16 * DEFAULT_MAX_SALE_BATCH;

    public static final EngineSettings DEFAULTS = new EngineSettings(
            262_144,
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            16,
            Duration.ofSeconds(1),
            1,
            DEFAULT_MAX_SALE_BATCH,
            DEFAULT_MAX_WAITING_SALES);

    public EngineSettings {
        Objects.requireNonNull(opMemoryAge, "opMemoryAge");
        Objects.requireNonNull(claimGrace, "claimGrace");
        Objects.requireNonNull(callDeadline, "callDeadline");
        Objects.requireNonNull(reapInterval, "reapInterval");
        if (opMemoryCount < 1 || maxOpenClaims < 1 || backupCount < 0 || backupCount > 6) {
            throw new IllegalArgumentException("opMemoryCount and maxOpenClaims are at least 1, backupCount 0..6: "
                    + opMemoryCount + ", " + maxOpenClaims + ", " + backupCount);
        }
        if (maxSaleBatch < 1 || maxWaitingSales < 0) {
            throw new IllegalArgumentException(
                    "maxSaleBatch is at least 1, maxWaitingSales at least 0: " + maxSaleBatch + ", " + maxWaitingSales);
        }
        if (claimGrace.compareTo(callDeadline) <= 0) {
            throw new IllegalArgumentException("claimGrace (" + claimGrace + ") must exceed callDeadline ("
                    + callDeadline + "): recovery must not fence off a caller that is still retrying");
        }
        if (opMemoryAge.compareTo(claimGrace.plus(reapInterval).multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("opMemoryAge (" + opMemoryAge
                    + ") must be at least twice claimGrace + reapInterval (" + claimGrace.plus(reapInterval)
                    + "): recovery must still find the operations it fences off");
        }
    }

    /** The given tunables with the default sale batching. */
    public EngineSettings(
            int opMemoryCount,
            Duration opMemoryAge,
            Duration claimGrace,
            Duration callDeadline,
            int maxOpenClaims,
            Duration reapInterval,
            int backupCount) {
        this(
                opMemoryCount,
                opMemoryAge,
                claimGrace,
                callDeadline,
                maxOpenClaims,
                reapInterval,
                backupCount,
                DEFAULT_MAX_SALE_BATCH,
                DEFAULT_MAX_WAITING_SALES);
    }

    public EngineSettings withClaimGrace(Duration grace, Duration deadline) {
        return new EngineSettings(
                opMemoryCount,
                opMemoryAge,
                grace,
                deadline,
                maxOpenClaims,
                reapInterval,
                backupCount,
                maxSaleBatch,
                maxWaitingSales);
    }

    public EngineSettings withOpMemory(int count, Duration age) {
        return new EngineSettings(
                count,
                age,
                claimGrace,
                callDeadline,
                maxOpenClaims,
                reapInterval,
                backupCount,
                maxSaleBatch,
                maxWaitingSales);
    }

    public EngineSettings withReapInterval(Duration interval) {
        return new EngineSettings(
                opMemoryCount,
                opMemoryAge,
                claimGrace,
                callDeadline,
                maxOpenClaims,
                interval,
                backupCount,
                maxSaleBatch,
                maxWaitingSales);
    }

    public EngineSettings withBackupCount(int backups) {
        return new EngineSettings(
                opMemoryCount,
                opMemoryAge,
                claimGrace,
                callDeadline,
                maxOpenClaims,
                reapInterval,
                backups,
                maxSaleBatch,
                maxWaitingSales);
    }

    /** These settings with sale batches of at most {@code maxBatch} sales (1: none) and {@code maxWaiting} waiting. */
    public EngineSettings withSaleBatching(int maxBatch, int maxWaiting) {
        return new EngineSettings(
                opMemoryCount,
                opMemoryAge,
                claimGrace,
                callDeadline,
                maxOpenClaims,
                reapInterval,
                backupCount,
                maxBatch,
                maxWaiting);
    }

    /** Whether sales of a product without a per-buyer limit are batched (see {@link #maxSaleBatch()}). */
    public boolean batchesSales() {
        return maxSaleBatch > 1;
    }
}
