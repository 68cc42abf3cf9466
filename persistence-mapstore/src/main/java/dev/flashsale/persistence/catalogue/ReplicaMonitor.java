package dev.flashsale.persistence.catalogue;

import dev.flashsale.persistence.internal.SqlErrors;
import dev.flashsale.persistence.internal.Transactions;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether the replica may serve reads. It checks {@code SHOW REPLICA STATUS} at most once per check interval:
 * the caller that finds the last check too old runs the next one while the others use the last result, so queries
 * never wait for a check, except the very first. A failed read on the replica marks it down until the next check.
 * Logs each change of state once.
 *
 * <p>Thread-safe.
 */
final class ReplicaMonitor {

    private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

    private final Jdbi replica;
    private final CatalogueReadSettings settings;
    private final LongSupplier nanoTime;
    private final ReentrantLock checking = new ReentrantLock();

    private volatile Optional<ReplicaHealth> health = Optional.empty();
    private volatile long checkedAt;

    ReplicaMonitor(Jdbi replica, CatalogueReadSettings settings, LongSupplier nanoTime) {
        this.replica = replica;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** The replica's health as last checked; checks again first when the last check is older than the interval. */
    ReplicaHealth current() {
        Optional<ReplicaHealth> known = health;
        if (known.isEmpty()) {
            checking.lock();
            try {
                if (health.isEmpty()) {
                    check();
                }
            } finally {
                checking.unlock();
            }
        } else if (isDue() && checking.tryLock()) {
            try {
                if (isDue()) {
                    check();
                }
            } finally {
                checking.unlock();
            }
        }
        return health.orElseThrow();
    }

    /** A read on the replica failed: it counts as down until the next check. */
    void readFailed(RuntimeException failure) {
        update(new ReplicaHealth.Unusable(FallbackReason.DOWN, "failed a read: " + SqlErrors.describe(failure)));
    }

    /** The lag of the last check, in seconds; NaN when the replica is not current. */
    double lagSeconds() {
        return health.filter(ReplicaHealth.Current.class::isInstance)
                .map(current -> (double) ((ReplicaHealth.Current) current).lagSeconds())
                .orElse(Double.NaN);
    }

    private boolean isDue() {
        return nanoTime.getAsLong() - checkedAt >= settings.checkInterval().toNanos();
    }

    private void check() {
        ReplicaHealth next;
        try {
            next = ReplicaHealth.assess(readStatus(), settings.maxLag());
        } catch (RuntimeException failure) {
            next = new ReplicaHealth.Unusable(FallbackReason.DOWN, "cannot be reached: " + SqlErrors.describe(failure));
        }
        update(next);
    }

    private Optional<ReplicationStatus> readStatus() {
        return Transactions.withHandle(
                replica,
                "read the replica's replication status",
                handle -> handle.createQuery("SHOW REPLICA STATUS")
                        .map((row, context) -> mapStatus(row))
                        .findFirst());
    }

    private synchronized void update(ReplicaHealth next) {
        Optional<ReplicaHealth> previous = health;
        health = Optional.of(next);
        checkedAt = nanoTime.getAsLong();
        Optional<FallbackReason> previousReason = previous.filter(ReplicaHealth.Unusable.class::isInstance)
                .map(unusable -> ((ReplicaHealth.Unusable) unusable).reason());
        if (next instanceof ReplicaHealth.Unusable unusable) {
            if (!previousReason.equals(Optional.of(unusable.reason()))) {
                log.warn("catalogue reads go to the primary: the replica {}", unusable.detail());
            }
        } else if (next instanceof ReplicaHealth.Current current && previousReason.isPresent()) {
            log.info("catalogue reads are back on the replica ({} s behind the primary)", current.lagSeconds());
        }
    }

    /** Reads MariaDB's column names (Slave_..., Seconds_Behind_Master) or MySQL 8's (Replica_..., ..._Source). */
    private static ReplicationStatus mapStatus(ResultSet row) throws SQLException {
        ResultSetMetaData meta = row.getMetaData();
        Set<String> columns = new HashSet<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            columns.add(meta.getColumnLabel(column).toLowerCase(Locale.ROOT));
        }
        String io = text(row, columns, "Slave_IO_Running", "Replica_IO_Running");
        String sql = text(row, columns, "Slave_SQL_Running", "Replica_SQL_Running");
        String behindColumn =
                columns.contains("seconds_behind_master") ? "Seconds_Behind_Master" : "Seconds_Behind_Source";
        long behind = row.getLong(behindColumn);
        OptionalLong secondsBehind = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(behind);
        String ioError = text(row, columns, "Last_IO_Error", "Last_IO_Error");
        String sqlError = text(row, columns, "Last_SQL_Error", "Last_SQL_Error");
        return new ReplicationStatus(io, sql, secondsBehind, (ioError + " " + sqlError).strip());
    }

    private static String text(ResultSet row, Set<String> columns, String mariaDbName, String mySqlName)
            throws SQLException {
        String column = columns.contains(mariaDbName.toLowerCase(Locale.ROOT)) ? mariaDbName : mySqlName;
        String value = row.getString(column);
        return value == null ? "" : value;
    }
}
