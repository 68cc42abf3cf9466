package dev.flashsale.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A throwaway database for one test class on the local primary, replicated to the local replica. Close it to drop it.
 */
public final class TestSchema implements AutoCloseable {

    private final String name;

    TestSchema(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Small pools, 2 members, headroom 20, budget 300; replica timeout 1 s. */
    public DatabaseSettings settings() {
        return DatabaseSettings.of(
                        TestDatabases.url(TestDatabases.PRIMARY, name),
                        Optional.of(TestDatabases.url(TestDatabases.REPLICA, name)),
                        TestDatabases.USER,
                        TestDatabases.PASSWORD)
                .withPoolSizes(4, 4)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    /** Opens the pools and migrates this database. */
    public Database start() {
        return Database.start(settings());
    }

    /** Runs statements on the primary as the test account, behind the DAOs' back. */
    public void executeOnPrimary(String... statements) throws SQLException {
        try (Connection connection = TestDatabases.connect(TestDatabases.PRIMARY);
                Statement statement = connection.createStatement()) {
            statement.execute("USE `" + name + "`");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Runs statements on the replica as the test account (replication control, reads). */
    public static void executeOnReplica(String... statements) throws SQLException {
        try (Connection connection = TestDatabases.connect(TestDatabases.REPLICA);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Waits until the replica has applied everything written on the primary so far. */
    public static void awaitReplica() throws SQLException {
        String position;
        try (Connection primary = TestDatabases.connect(TestDatabases.PRIMARY);
                Statement statement = primary.createStatement();
                ResultSet row = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
            row.next();
            position = row.getString(1);
        }
        try (Connection replica = TestDatabases.connect(TestDatabases.REPLICA);
                Statement statement = replica.createStatement();
                ResultSet row = statement.executeQuery("SELECT MASTER_GTID_WAIT('" + position + "', 30)")) {
            row.next();
            if (row.getInt(1) != 0) {
                throw new IllegalStateException("the replica has not applied " + position + " after 30 s");
            }
        }
    }

    void create() {
        try (Connection connection = TestDatabases.connect(TestDatabases.PRIMARY);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException failure) {
            throw new IllegalStateException(TestDatabases.unreachable(TestDatabases.PRIMARY, failure));
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = TestDatabases.connect(TestDatabases.PRIMARY);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
