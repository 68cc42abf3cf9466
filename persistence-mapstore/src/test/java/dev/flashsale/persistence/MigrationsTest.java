package dev.flashsale.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private static TestSchema schema;

    @BeforeAll
    static void createEmptySchema() {
        schema = TestDatabases.createSchema("migrations");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        schema.close();
    }

    @Test
    void createsTheSchemaFromAnEmptyDatabase() {
        try (Database database = schema.start()) {
            List<String> tables = database.primary()
                    .withHandle(handle -> handle.createQuery(
                                    "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema ORDER BY 1")
                            .bind("schema", schema.name())
                            .mapTo(String.class)
                            .list());
            List<String> checks = database.primary()
                    .withHandle(handle -> handle.createQuery(
                                    "SELECT constraint_name FROM information_schema.check_constraints"
                                            + " WHERE constraint_schema = :schema ORDER BY 1")
                            .bind("schema", schema.name())
                            .mapTo(String.class)
                            .list());

            assertThat(tables)
                    .containsExactly("flyway_schema_history", "inventory_log", "orders", "products", "stock_totals");
            assertThat(checks)
                    .contains(
                            "stock_totals_no_oversell",
                            "stock_totals_sold_not_negative",
                            "stock_totals_received_not_negative",
                            "orders_status_known");
        }
    }

    @Test
    void startingAgainAppliesNothingNew() {
        try (Database first = schema.start()) {
            first.primary().useHandle(handle -> handle.execute("SELECT 1"));
        }
        try (Database second = schema.start()) {
            List<String> versions = second.primary()
                    .withHandle(handle -> handle.createQuery(
                                    "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")
                            .mapTo(String.class)
                            .list());

            assertThat(versions).containsExactly("1");
        }
    }
}
