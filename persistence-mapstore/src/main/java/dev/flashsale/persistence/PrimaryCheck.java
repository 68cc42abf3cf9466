package dev.flashsale.persistence;

/**
 * What {@link Database#checkPrimary} found at a database address that is to become the primary: usable, or why not.
 * Expected outcomes of an operator's request, not errors. Immutable.
 */
public sealed interface PrimaryCheck {

    /** Reachable with the application's account, writable ({@code @@read_only = 0}), and holding the schema. */
    record Usable(String url) implements PrimaryCheck {}

    /** No connection could be made, or the server did not answer. */
    record Unreachable(String url, String error) implements PrimaryCheck {}

    /** The server is read-only: still a replica. Promote it first ({@code scripts/db promote replica}). */
    record ReadOnly(String url) implements PrimaryCheck {}

    /** The server answers but has no inventory schema (no {@code orders} table) in that database. */
    record NotInventory(String url, String error) implements PrimaryCheck {}
}
