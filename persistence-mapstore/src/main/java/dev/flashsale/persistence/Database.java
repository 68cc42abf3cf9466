package dev.flashsale.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.flashsale.persistence.internal.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of one member: a connection pool to the primary, one to the read replica if there is one, and a
 * {@link Jdbi} over each. {@link #start} checks the connection budget before it opens anything, then brings the
 * primary's schema up to date with the Flyway migrations in {@code db/migration}.
 *
 * <p>The primary pool connects at start and fails fast; the replica pool connects lazily, so a member starts while
 * its replica is down (reads then go to the primary, see {@code CatalogueReads}). Both pools run transactions at
 * READ COMMITTED; the replica's connections are read-only.
 *
 * <p>Started with a {@link MeterRegistry}, both pools report to it as HikariCP's meters ({@code
 * hikaricp.connections}, {@code .active}, {@code .idle}, {@code .pending}, {@code .max}, {@code .min}, {@code .timeout},
 * {@code .acquire}, {@code .usage}, {@code .creation}), tagged {@code pool=inventory-primary} or {@code
 * pool=inventory-replica}; closing the pools removes them.
 *
 * <p>The primary can move without a restart ({@link #switchPrimary}, after an operator promoted the replica): every
 * {@link Jdbi} of {@link #primary()} draws its connections from a {@link SwitchableDataSource}, which a switch points at
 * a new pool of the same size. The old pool closes after {@link #OLD_POOL_GRACE}, so that connections in use finish;
 * the meters follow the pool in use.
 *
 * <p>Thread-safe. Close it to close both pools.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** The name of the primary's pool, and the {@code pool} tag of its meters. */
    public static final String PRIMARY_POOL = "inventory-primary";

    /** The name of the replica's pool, and the {@code pool} tag of its meters. */
    public static final String REPLICA_POOL = "inventory-replica";

    /** A replica query may take this many times the replica's connection timeout. */
    private static final int REPLICA_QUERY_TIMEOUT_FACTOR = 10;

    /** How long a replaced pool of the primary stays open for the connections still in use. */
    public static final Duration OLD_POOL_GRACE = Duration.ofSeconds(10);

    private final DatabaseSettings settings;
    private final SwitchableDataSource primaryPool;
    private final Optional<PrimaryPoolMetrics> primaryMetrics;
    private final Optional<HikariDataSource> replicaPool;
    private final Jdbi primary;
    private final Optional<Jdbi> replica;

    private Database(
            DatabaseSettings settings,
            HikariDataSource primaryPool,
            Optional<PrimaryPoolMetrics> primaryMetrics,
            Optional<HikariDataSource> replicaPool) {
        this.settings = settings;
        this.primaryPool = new SwitchableDataSource(primaryPool);
        this.primaryMetrics = primaryMetrics;
        this.replicaPool = replicaPool;
        this.primary = Jdbi.create(this.primaryPool);
        this.replica = replicaPool.map(Jdbi::create);
    }

    /**
     * Checks the connection budget, opens the pools and migrates the primary.
     *
     * @throws IllegalStateException when the pools of all members would overrun a server's connection budget
     * @throws PersistenceException when the primary cannot be reached or a migration fails
     */
    public static Database start(DatabaseSettings settings) {
        return start(settings, Optional.empty());
    }

    /**
     * As {@link #start(DatabaseSettings)}, with both pools reporting their meters to {@code registry}.
     *
     * @throws IllegalStateException when the pools of all members would overrun a server's connection budget
     * @throws PersistenceException when the primary cannot be reached or a migration fails
     */
    public static Database start(DatabaseSettings settings, MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return start(settings, Optional.of(new MicrometerMetricsTrackerFactory(registry)));
    }

    private static Database start(DatabaseSettings settings, Optional<MetricsTrackerFactory> metrics) {
        settings.requireWithinConnectionBudget();
        Optional<PrimaryPoolMetrics> primaryMetrics = metrics.map(PrimaryPoolMetrics::new);
        HikariDataSource primaryPool = openPrimary(settings, settings.primaryUrl(), primaryMetrics);
        try {
            migrate(primaryPool);
        } catch (RuntimeException failure) {
            primaryPool.close();
            throw failure;
        }
        Optional<HikariDataSource> replicaPool = settings.replicaUrl().map(url -> openReplica(settings, url, metrics));
        log.info(
                "database ready: primary {} ({} connections), replica {}",
                settings.primaryUrl(),
                settings.primaryPoolSize(),
                settings.replicaUrl()
                        .map(url -> url + " (" + settings.replicaPoolSize() + " connections)")
                        .orElse("none"));
        return new Database(settings, primaryPool, primaryMetrics, replicaPool);
    }

    /** The primary: all writes, and reads that must see them. */
    public Jdbi primary() {
        return primary;
    }

    /** The read replica, if there is one. It may lag behind the primary or be down. */
    public Optional<Jdbi> replica() {
        return replica;
    }

    /**
     * Asks the primary {@code SELECT 1} through the pool, for a health check: waits for a connection up to the
     * connection timeout, and for the answer up to {@code queryTimeout} (whole seconds, at least one).
     *
     * @throws PersistenceException saying why when the primary does not answer
     */
    public void pingPrimary(Duration queryTimeout) {
        int seconds = (int) Math.max(1, queryTimeout.toSeconds());
        Transactions.withHandle(
                primary,
                "ask the primary SELECT 1",
                handle -> handle.createQuery("SELECT 1")
                        .setQueryTimeout(seconds)
                        .mapTo(Integer.class)
                        .one());
    }

    /** The settings this member started with; after a switch, {@link #primaryUrl()} tells where the primary is. */
    public DatabaseSettings settings() {
        return settings;
    }

    /** The JDBC URL of the primary that connections come from now. */
    public String primaryUrl() {
        return primaryPool.pool().getJdbcUrl();
    }

    /**
     * Whether the database at {@code url} can be the primary: reachable with this member's account within the
     * connection timeout, writable ({@code SELECT @@read_only} is 0), and holding the schema. Opens one connection
     * outside the pools and closes it.
     */
    public PrimaryCheck checkPrimary(String url) {
        if (url == null || !url.startsWith("jdbc:mysql://")) {
            return new PrimaryCheck.Unreachable(String.valueOf(url), "not a jdbc:mysql:// URL");
        }
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        String timeout =
                String.valueOf(Math.max(250, settings.connectionTimeout().toMillis()));
        properties.setProperty("connectTimeout", timeout);
        properties.setProperty("socketTimeout", timeout);
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, properties);
        } catch (SQLException unreachable) {
            return new PrimaryCheck.Unreachable(url, unreachable.getMessage());
        }
        try (connection;
                Statement statement = connection.createStatement()) {
            try (ResultSet readOnly = statement.executeQuery("SELECT @@read_only")) {
                if (!readOnly.next() || readOnly.getInt(1) != 0) {
                    return new PrimaryCheck.ReadOnly(url);
                }
            }
            try {
                statement.executeQuery("SELECT id FROM orders LIMIT 1").close();
            } catch (SQLException noSchema) {
                return new PrimaryCheck.NotInventory(url, noSchema.getMessage());
            }
            return new PrimaryCheck.Usable(url);
        } catch (SQLException failed) {
            return new PrimaryCheck.Unreachable(url, failed.getMessage());
        }
    }

    /**
     * Moves this member's primary to {@code url}: checks it ({@link #checkPrimary}), opens a pool of the same size to it,
     * makes every {@link #primary()} connection come from that pool, and closes the old pool after {@link
     * #OLD_POOL_GRACE}. Does nothing when the primary is at {@code url} already. Returns the check; the primary moved
     * only if it is {@link PrimaryCheck.Usable}. A connection to the old primary that is in use when the switch happens
     * stays with the old pool: work on it fails if that server is gone, and its callers retry on the new one.
     *
     * @throws PersistenceException when the check passed but the pool could not be opened
     */
    public synchronized PrimaryCheck switchPrimary(String url) {
        if (url.equals(primaryUrl())) {
            return new PrimaryCheck.Usable(url);
        }
        PrimaryCheck check = checkPrimary(url);
        if (!(check instanceof PrimaryCheck.Usable)) {
            return check;
        }
        HikariDataSource next = openPrimary(settings, url, Optional.empty());
        HikariDataSource previous = primaryPool.swap(next);
        primaryMetrics.ifPresent(metrics -> {
            metrics.detachCurrent();
            next.setMetricsTrackerFactory(metrics);
        });
        log.warn(
                "the primary moved from {} to {}; the old pool closes in {}",
                previous.getJdbcUrl(),
                url,
                OLD_POOL_GRACE);
        Thread.ofVirtual().name("close-old-primary-pool").start(() -> closeLater(previous));
        return check;
    }

    private static void closeLater(HikariDataSource pool) {
        try {
            TimeUnit.MILLISECONDS.sleep(OLD_POOL_GRACE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    @Override
    public void close() {
        replicaPool.ifPresent(HikariDataSource::close);
        primaryPool.pool().close();
    }

    private static HikariDataSource openPrimary(
            DatabaseSettings settings, String url, Optional<? extends MetricsTrackerFactory> metrics) {
        HikariConfig config = baseConfig(settings, PRIMARY_POOL, url, metrics);
        config.setMaximumPoolSize(settings.primaryPoolSize());
        config.setMinimumIdle(settings.primaryPoolSize());
        setTimeouts(config, settings.connectionTimeout(), Optional.empty());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException failure) {
            throw new PersistenceException(
                    "cannot connect to the primary database " + url + ": " + failure.getMessage(), failure);
        }
    }

    private static HikariDataSource openReplica(
            DatabaseSettings settings, String url, Optional<? extends MetricsTrackerFactory> metrics) {
        HikariConfig config = baseConfig(settings, REPLICA_POOL, url, metrics);
        config.setMaximumPoolSize(settings.replicaPoolSize());
        config.setMinimumIdle(settings.replicaPoolSize());
        config.setReadOnly(true);
        // Do not wait for the replica at start: it may be down, and reads fall back to the primary.
        config.setInitializationFailTimeout(-1);
        setTimeouts(
                config,
                settings.replicaTimeout(),
                Optional.of(settings.replicaTimeout().multipliedBy(REPLICA_QUERY_TIMEOUT_FACTOR)));
        return new HikariDataSource(config);
    }

    private static HikariConfig baseConfig(
            DatabaseSettings settings, String poolName, String url, Optional<? extends MetricsTrackerFactory> metrics) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        metrics.ifPresent(config::setMetricsTrackerFactory);
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("characterEncoding", "UTF-8");
        config.addDataSourceProperty("cachePrepStmts", "true");
        config.addDataSourceProperty("prepStmtCacheSize", "250");
        config.addDataSourceProperty("prepStmtCacheSqlLimit", "8192");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Timestamps are UTC DATETIME(6) values (see internal.Timestamps); keep the driver from shifting them.
        config.addDataSourceProperty("connectionTimeZone", "UTC");
        return config;
    }

    private static void setTimeouts(HikariConfig config, Duration connect, Optional<Duration> query) {
        long connectMillis = Math.max(250, connect.toMillis());
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.max(250, Math.min(5_000, connectMillis * 3 / 4)));
        config.addDataSourceProperty("connectTimeout", String.valueOf(connectMillis));
        query.ifPresent(timeout -> config.addDataSourceProperty("socketTimeout", String.valueOf(timeout.toMillis())));
    }

    private static void migrate(HikariDataSource primaryPool) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(primaryPool)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            log.info(
                    "schema up to date at version {}: {} migrations applied now",
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException failure) {
            throw new PersistenceException("could not migrate the primary database: " + failure.getMessage(), failure);
        }
    }
}
