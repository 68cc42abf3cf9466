package dev.flashsale.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the integration tests find the local MariaDB servers that {@code scripts/db} starts: primary
 * {@code 127.0.0.1:3316}, replica {@code 127.0.0.1:3317}, test account {@code inventory_test}. Each can be changed by
 * a system property ({@code inventory.test.db.primary}, {@code inventory.test.db.replica},
 * {@code inventory.test.db.user}, {@code inventory.test.db.password}) or an environment variable
 * ({@code INVENTORY_TEST_DB_PRIMARY}, {@code INVENTORY_TEST_DB_REPLICA}, {@code INVENTORY_TEST_DB_USER},
 * {@code INVENTORY_TEST_DB_PASSWORD}).
 */
public final class TestDatabases {

    public static final String PRIMARY =
            setting("inventory.test.db.primary", "INVENTORY_TEST_DB_PRIMARY", "127.0.0.1:3316");
    public static final String REPLICA =
            setting("inventory.test.db.replica", "INVENTORY_TEST_DB_REPLICA", "127.0.0.1:3317");
    public static final String USER = setting("inventory.test.db.user", "INVENTORY_TEST_DB_USER", "inventory_test");
    public static final String PASSWORD =
            setting("inventory.test.db.password", "INVENTORY_TEST_DB_PASSWORD", "inventory-test-local");

    private TestDatabases() {}

    /**
     * A new, empty database {@code inventory_test_<purpose>_<random>} on the primary (and, by replication, on the
     * replica). Close it to drop it.
     */
    public static TestSchema createSchema(String purpose) {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String cleaned = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String name = "inventory_test_" + cleaned.substring(0, Math.min(cleaned.length(), 30)) + "_" + suffix;
        TestSchema schema = new TestSchema(name);
        schema.create();
        return schema;
    }

    /** A connection to a server (no default database) as the test account. */
    public static Connection connect(String hostAndPort) throws SQLException {
        return DriverManager.getConnection(url(hostAndPort, ""), USER, PASSWORD);
    }

    static String url(String hostAndPort, String database) {
        return "jdbc:mysql://" + hostAndPort + "/" + database;
    }

    static SQLException unreachable(String hostAndPort, SQLException cause) {
        return new SQLException(
                "cannot reach the test database at " + hostAndPort + " as " + USER
                        + ": start the local databases with scripts/db start (scripts/test does it for you)",
                cause);
    }

    private static String setting(String property, String environment, String fallback) {
        return Optional.ofNullable(System.getProperty(property))
                .filter(value -> !value.isBlank())
                .or(() -> Optional.ofNullable(System.getenv(environment)).filter(value -> !value.isBlank()))
                .orElse(fallback);
    }
}
