package dev.flashsale.persistence;

/**
 * The one unchecked exception the persistence layer throws for a failure of the database or of the SQL sent to it.
 * It always keeps the underlying cause (usually a {@link java.sql.SQLException} inside a JDBI exception).
 *
 * <p>Expected outcomes (a duplicate SKU, an oversell the database refused, an operation already applied) are not
 * exceptions: the DAOs return them as values. Immutable and thread-safe.
 */
public final class PersistenceException extends RuntimeException {

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
