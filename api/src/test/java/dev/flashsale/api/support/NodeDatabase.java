package dev.flashsale.api.support;

import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throwaway database on the local test servers ({@code scripts/db}) for app nodes under test: the {@code
 * inventory.db.*} properties that point a node at it, with small pools. Close it to drop it.
 */
public final class NodeDatabase implements AutoCloseable {

    private final TestSchema schema;

    private NodeDatabase(TestSchema schema) {
        this.schema = schema;
    }

    public static NodeDatabase create(String purpose) {
        return new NodeDatabase(TestDatabases.createSchema(purpose));
    }

    public TestSchema schema() {
        return schema;
    }

    /** The node properties that point at this database. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("inventory.db.primary-url", "jdbc:mysql://" + TestDatabases.PRIMARY + "/" + schema.name());
        properties.put("inventory.db.replica-url", "jdbc:mysql://" + TestDatabases.REPLICA + "/" + schema.name());
        properties.put("inventory.db.user", TestDatabases.USER);
        properties.put("inventory.db.password", TestDatabases.PASSWORD);
        properties.put("inventory.db.primary-pool-size", "4");
        properties.put("inventory.db.replica-pool-size", "2");
        return properties;
    }

    @Override
    public void close() throws SQLException {
        schema.close();
    }
}
