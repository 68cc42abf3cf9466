package dev.flashsale.bench.seeds;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The seed designs' database layer, for benchmarks: a HikariCP pool of Connector/J connections (autocommit) to the
 * MariaDB server that {@code bench/seeds} starts, and a one-row {@code stock} table holding the hot product with
 * {@link #UNITS} units, so that no measurement runs out of stock.
 *
 * <p>The server is found through the system properties {@code seeds.db.url}, {@code seeds.db.user} and
 * {@code seeds.db.password}, with the script's defaults. Thread-safe; {@link #close()} closes the pool.
 */
final class SeedDatabase implements AutoCloseable {

    static final long PRODUCT = 1;
    static final long UNITS = 1_000_000_000_000_000L;

    private final HikariDataSource pool;

    SeedDatabase(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("seeds");
        config.setJdbcUrl(System.getProperty(
                "seeds.db.url", "jdbc:mysql://127.0.0.1:3326/seeds?sslMode=DISABLED&allowPublicKeyRetrieval=true"));
        config.setUsername(System.getProperty("seeds.db.user", "bench"));
        config.setPassword(System.getProperty("seeds.db.password", "bench-local"));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setAutoCommit(true);
        pool = new HikariDataSource(config);
    }

    /** Creates the table if missing and puts the hot product back to {@link #UNITS} units, version 0. */
    void fill() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS stock (id BIGINT PRIMARY KEY, stock BIGINT NOT NULL,"
                    + " version BIGINT NOT NULL) ENGINE=InnoDB");
            try (PreparedStatement replace =
                    connection.prepareStatement("REPLACE INTO stock (id, stock, version) VALUES (?, ?, 0)")) {
                replace.setLong(1, PRODUCT);
                replace.setLong(2, UNITS);
                replace.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not fill the seeds database", e);
        }
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
