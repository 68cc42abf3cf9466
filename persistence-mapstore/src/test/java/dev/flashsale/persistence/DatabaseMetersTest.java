package dev.flashsale.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseMetersTest {

    private static TestSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabases.createSchema("database_meters");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        schema.close();
    }

    @Test
    void reportsBothPoolsToTheRegistryUntilClosed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (Database database = Database.start(schema.settings(), registry)) {
            database.primary()
                    .withHandle(handle ->
                            handle.createQuery("SELECT 1").mapTo(Integer.class).one());

            assertThat(registry.get("hikaricp.connections.max")
                            .tag("pool", Database.PRIMARY_POOL)
                            .gauge()
                            .value())
                    .isEqualTo(4);
            assertThat(registry.get("hikaricp.connections.max")
                            .tag("pool", Database.REPLICA_POOL)
                            .gauge()
                            .value())
                    .isEqualTo(4);
            assertThat(registry.get("hikaricp.connections.active")
                            .tag("pool", Database.PRIMARY_POOL)
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get("hikaricp.connections.usage")
                            .tag("pool", Database.PRIMARY_POOL)
                            .timer()
                            .count())
                    .isPositive();
        }

        assertThat(registry.getMeters())
                .extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("hikaricp"));
    }
}
