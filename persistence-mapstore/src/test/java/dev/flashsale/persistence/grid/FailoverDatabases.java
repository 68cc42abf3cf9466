package dev.flashsale.persistence.grid;

import dev.flashsale.persistence.DatabaseSettings;
import dev.flashsale.persistence.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * A primary and a replica of its own for a failover test, started from empty by {@code scripts/db reset} on ports
 * shifted by {@link #PORT_OFFSET} with its state under {@code target/failover-db}: real {@code mariadbd} processes with
 * GTID replication, which the test kills ({@code scripts/db kill primary}, kill -9 by pid) and promotes ({@code
 * scripts/db promote replica}). The members use the test account on the database {@link #DATABASE}. Close it to stop
 * both servers and delete their data.
 */
final class FailoverDatabases implements AutoCloseable {

    /** Beside the shared test servers (3316/3317) and other engineers' deployments: 8016/8017. */
    static final int PORT_OFFSET = 4700;

    static final String DATABASE = "inventory_test_failover";

    private final Path root;
    private final Path localDir;

    private FailoverDatabases(Path root) {
        this.root = root;
        this.localDir = root.resolve("persistence-mapstore/target/failover-db");
    }

    /** Deletes what an earlier run left, starts both servers from empty and creates {@link #DATABASE}. */
    static FailoverDatabases start() throws SQLException {
        FailoverDatabases servers = new FailoverDatabases(DbScript.checkoutRoot());
        servers.db("reset");
        servers.execute(servers.primaryHostPort(), "CREATE DATABASE " + DATABASE);
        return servers;
    }

    String primaryHostPort() {
        return "127.0.0.1:" + (3316 + PORT_OFFSET);
    }

    String replicaHostPort() {
        return "127.0.0.1:" + (3317 + PORT_OFFSET);
    }

    String primaryUrl() {
        return "jdbc:mysql://" + primaryHostPort() + "/" + DATABASE;
    }

    String replicaUrl() {
        return "jdbc:mysql://" + replicaHostPort() + "/" + DATABASE;
    }

    /** The members' settings: the primary only, small pools. */
    DatabaseSettings settings() {
        return DatabaseSettings.of(primaryUrl(), Optional.empty(), TestDatabases.USER, TestDatabases.PASSWORD)
                .withPoolSizes(4, 2);
    }

    /** The replica's server (after the promotion: the primary), read as the test account. */
    Jdbi replica() {
        return Jdbi.create(replicaUrl() + "?connectionTimeZone=UTC", TestDatabases.USER, TestDatabases.PASSWORD);
    }

    /** Waits until the replica has applied everything the primary has written so far. */
    void awaitReplica() throws SQLException {
        String position;
        try (Connection primary = connect(primaryHostPort());
                Statement statement = primary.createStatement();
                ResultSet row = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
            row.next();
            position = row.getString(1);
        }
        try (Connection replica = connect(replicaHostPort());
                Statement statement = replica.createStatement();
                ResultSet row = statement.executeQuery("SELECT MASTER_GTID_WAIT('" + position + "', 60)")) {
            row.next();
            if (row.getInt(1) != 0) {
                throw new IllegalStateException("the replica has not applied " + position + " after 60 s");
            }
        }
    }

    /** Stops replication: what the primary commits from now on stays on the primary (an asynchronous replica's lag). */
    void stopReplication() throws SQLException {
        execute(replicaHostPort(), "STOP SLAVE");
    }

    /** {@code scripts/db kill primary}: kill -9 by pid. */
    void killPrimary() {
        db("kill", "primary");
    }

    /** {@code scripts/db promote replica}. */
    void promoteReplica() {
        db("promote", "replica");
    }

    @Override
    public void close() {
        db("stop");
        try (var files = Files.walk(localDir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        } catch (IOException failure) {
            System.out.println("could not delete " + localDir + ": " + failure);
        }
    }

    private void execute(String hostAndPort, String sql) throws SQLException {
        try (Connection connection = connect(hostAndPort);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(String hostAndPort) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://" + hostAndPort + "/", TestDatabases.USER, TestDatabases.PASSWORD);
    }

    private void db(String... arguments) {
        DbScript.run(
                Map.of(
                        "INVENTORY_PORT_OFFSET",
                        String.valueOf(PORT_OFFSET),
                        "INVENTORY_LOCAL_DIR",
                        localDir.toString()),
                Duration.ofSeconds(300),
                arguments);
    }
}
