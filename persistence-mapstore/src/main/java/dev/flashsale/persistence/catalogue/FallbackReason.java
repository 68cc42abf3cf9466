package dev.flashsale.persistence.catalogue;

import java.util.Locale;

/** Why catalogue reads go to the primary instead of the replica. */
public enum FallbackReason {
    /** The replica cannot be reached or failed the query. */
    DOWN,
    /** The replica is reachable but does not apply the primary's changes (replication stopped or broken). */
    NOT_REPLICATING,
    /** The replica applies changes, but further behind than allowed. */
    LAGGING;

    /** The value of the {@code reason} tag of the fallback counter: {@code down}, {@code not_replicating}, {@code lagging}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
