package dev.flashsale.persistence.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Classifies database errors found anywhere in a cause chain, by SQLSTATE and MySQL/MariaDB error code. Stateless.
 */
public final class SqlErrors {

    /** MariaDB's ER_CONSTRAINT_FAILED: a CHECK constraint refused a row. */
    private static final int MARIADB_CHECK_FAILED = 4025;
    /** MySQL's ER_CHECK_CONSTRAINT_VIOLATED. */
    private static final int MYSQL_CHECK_FAILED = 3819;

    private static final int DUPLICATE_KEY = 1062;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;
    private static final int INCORRECT_VALUE = 1366;
    private static final int OUT_OF_RANGE = 1264;

    private SqlErrors() {}

    /** The first {@link SQLException} in the cause chain. */
    public static Optional<SQLException> sqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /** True when the named CHECK constraint refused a row. */
    public static boolean violatesCheck(Throwable failure, String constraint) {
        return sqlException(failure)
                .filter(sql -> sql.getErrorCode() == MARIADB_CHECK_FAILED || sql.getErrorCode() == MYSQL_CHECK_FAILED)
                .filter(sql -> sql.getMessage() != null && sql.getMessage().contains(constraint))
                .isPresent();
    }

    /** True for a duplicate value in a primary or unique key. */
    public static boolean isDuplicateKey(Throwable failure) {
        return sqlException(failure)
                .filter(sql -> sql.getErrorCode() == DUPLICATE_KEY)
                .isPresent();
    }

    /**
     * True when the data of some row was refused (a constraint, a key, a value out of range): retrying the same rows
     * fails the same way, but other rows may succeed. False for failures of the connection or the server.
     */
    public static boolean isRowProblem(Throwable failure) {
        return sqlException(failure)
                .filter(sql -> {
                    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                    int code = sql.getErrorCode();
                    return state.startsWith("22")
                            || state.startsWith("23")
                            || code == MARIADB_CHECK_FAILED
                            || code == MYSQL_CHECK_FAILED
                            || code == INCORRECT_VALUE
                            || code == OUT_OF_RANGE;
                })
                .isPresent();
    }

    /**
     * True when the database could not be reached at all: no connection within the pool's timeout, a connection refused
     * or lost (SQL state class 08). Such a failure says the server is down or cut off, not that a statement was wrong.
     */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** True when the server rolled the transaction back to resolve a deadlock or a lock wait: worth a retry. */
    public static boolean isTransactionRollback(Throwable failure) {
        return sqlException(failure)
                .filter(sql -> "40001".equals(sql.getSQLState())
                        || sql.getErrorCode() == DEADLOCK
                        || sql.getErrorCode() == LOCK_WAIT_TIMEOUT)
                .isPresent();
    }

    /** The database's own words for the failure, for reports and logs. */
    public static String describe(Throwable failure) {
        return sqlException(failure)
                .map(sql ->
                        sql.getMessage() + " (error " + sql.getErrorCode() + ", SQLSTATE " + sql.getSQLState() + ")")
                .orElseGet(() -> String.valueOf(failure.getMessage()));
    }
}
