package dev.flashsale.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The primary as every {@code Jdbi}, DAO and map store of a member sees it: a {@link DataSource} that hands out
 * connections of the pool it currently holds. {@link #swap} replaces that pool in one step; a connection taken before
 * the swap stays with the old pool until it is returned.
 *
 * <p>Thread-safe.
 */
final class SwitchableDataSource implements DataSource {

    private final AtomicReference<HikariDataSource> current;

    SwitchableDataSource(HikariDataSource initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The pool connections come from now. */
    HikariDataSource pool() {
        return current.get();
    }

    /** Makes {@code next} the pool that connections come from; returns the previous one, which the caller closes. */
    HikariDataSource swap(HikariDataSource next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current.get().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current.get().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return current.get().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        current.get().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        current.get().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return current.get().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return current.get().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || current.get().isWrapperFor(type);
    }
}
