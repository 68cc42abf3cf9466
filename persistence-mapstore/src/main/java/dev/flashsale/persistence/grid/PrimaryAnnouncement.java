package dev.flashsale.persistence.grid;

import dev.flashsale.persistence.PrimaryCheck;

/** What came of an administrator's announcement of a new primary ({@link PrimaryFailover#announce}). Immutable. */
public sealed interface PrimaryAnnouncement {

    /**
     * The address is the cluster's primary now; {@code changed} is false when it was already (the same URL announced
     * again: nothing changes, the epoch stays).
     */
    record Announced(PrimaryAddress address, boolean changed) implements PrimaryAnnouncement {}

    /** The target cannot be the primary; nothing was announced and no member moved. */
    record Refused(PrimaryCheck check) implements PrimaryAnnouncement {}
}
