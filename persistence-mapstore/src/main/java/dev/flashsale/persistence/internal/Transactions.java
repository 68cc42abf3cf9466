package dev.flashsale.persistence.internal;

import dev.flashsale.persistence.PersistenceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a JDBI handle, in a transaction or not, and turns JDBI and SQL failures into
 * {@link PersistenceException}. A transaction the server rolled back for a deadlock or a lock wait is retried a few
 * times, so the work must be safe to run again. Stateless.
 */
public final class Transactions {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    private static final int ATTEMPTS = 3;

    private Transactions() {}

    /** Runs {@code work} in one transaction (the pool's isolation, READ COMMITTED) and commits it. */
    public static <R> R inTransaction(Jdbi jdbi, String what, HandleCallback<R, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work);
            } catch (JdbiException | PersistenceException failure) {
                if (attempt < ATTEMPTS && SqlErrors.isTransactionRollback(failure)) {
                    log.debug("retrying '{}' after the server rolled it back: {}", what, SqlErrors.describe(failure));
                    continue;
                }
                throw wrap(what, failure);
            }
        }
    }

    /** Runs {@code work} on a handle in auto-commit mode, typically a read. */
    public static <R> R withHandle(Jdbi jdbi, String what, HandleCallback<R, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException failure) {
            throw wrap(what, failure);
        }
    }

    /** Runs {@code work} on an open handle, turning a failure into a {@link PersistenceException}. */
    public static <R> R onHandle(Handle handle, String what, HandleCallback<R, RuntimeException> work) {
        try {
            return work.withHandle(handle);
        } catch (JdbiException failure) {
            throw wrap(what, failure);
        }
    }

    private static PersistenceException wrap(String what, RuntimeException failure) {
        if (failure instanceof PersistenceException persistence) {
            return persistence;
        }
        return new PersistenceException("could not " + what + ": " + SqlErrors.describe(failure), failure);
    }
}
