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
 */
public record EngineSettings(
        int opMemoryCount,
        Duration opMemoryAge,
        Duration claimGrace,
        Duration callDeadline,
        int maxOpenClaims,
        Duration reapInterval,
        int backupCount) {

    public static final EngineSettings DEFAULTS = new EngineSettings(
            262_144,
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            16,
            Duration.ofSeconds(1),
            1);

    public EngineSettings {
        Objects.requireNonNull(opMemoryAge, "opMemoryAge");
        Objects.requireNonNull(claimGrace, "claimGrace");
        Objects.requireNonNull(callDeadline, "callDeadline");
        Objects.requireNonNull(reapInterval, "reapInterval");
        if (opMemoryCount < 1 || maxOpenClaims < 1 || backupCount < 0 || backupCount > 6) {
            throw new IllegalArgumentException("opMemoryCount and maxOpenClaims are at least 1, backupCount 0..6: "
                    + opMemoryCount + ", " + maxOpenClaims + ", " + backupCount);
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

    public EngineSettings withClaimGrace(Duration grace, Duration deadline) {
        return new EngineSettings(
                opMemoryCount, opMemoryAge, grace, deadline, maxOpenClaims, reapInterval, backupCount);
    }

    public EngineSettings withOpMemory(int count, Duration age) {
        return new EngineSettings(count, age, claimGrace, callDeadline, maxOpenClaims, reapInterval, backupCount);
    }

    public EngineSettings withReapInterval(Duration interval) {
        return new EngineSettings(
                opMemoryCount, opMemoryAge, claimGrace, callDeadline, maxOpenClaims, interval, backupCount);
    }

    public EngineSettings withBackupCount(int backups) {
        return new EngineSettings(
                opMemoryCount, opMemoryAge, claimGrace, callDeadline, maxOpenClaims, reapInterval, backups);
    }
}
