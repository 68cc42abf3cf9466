package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.catalogue.CatalogueReadSettings;
import dev.flashsale.persistence.catalogue.CatalogueReads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ReplicaHealthIndicatorTest {

    private static final CatalogueReadSettings SETTINGS =
            new CatalogueReadSettings(Duration.ofSeconds(5), Duration.ofMillis(100));

    private static TestSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabases.createSchema("replica_health");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        schema.close();
    }

    @Test
    void isUpWithItsLagWhileCatalogueReadsUseTheReplica() {
        try (Database database = schema.start()) {
            Health health = indicator(database).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("catalogueReads", "replica")
                    .containsEntry("maxLagSeconds", 5L)
                    .containsKey("secondsBehindMaster");
        }
    }

    @Test
    void isUnreachableWithReadsOnThePrimaryWhenTheReplicaIsDown() throws IOException {
        String nowhere = "jdbc:mysql://127.0.0.1:" + closedPort() + "/" + schema.name();
        try (Database database = Database.start(schema.settings().withReplicaUrl(Optional.of(nowhere)))) {
            ReplicaHealthIndicator indicator = indicator(database);

            // The first check may outlast the health request's wait (the replica's connection timeout is as long).
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(DatabaseStatus.UNREACHABLE);
                assertThat((String) health.getDetails().get("error")).contains("cannot be reached");
                assertThat((String) health.getDetails().get("catalogueReads")).startsWith("primary");
            });
        }
    }

    @Test
    void isUnknownWithoutAReplica() {
        try (Database database = Database.start(schema.settings().withReplicaUrl(Optional.empty()))) {
            Health health = indicator(database).health();

            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.getDetails()).containsEntry("catalogueReads", "primary");
        }
    }

    private static ReplicaHealthIndicator indicator(Database database) {
        return new ReplicaHealthIndicator(new CatalogueReads(database, SETTINGS, new SimpleMeterRegistry()));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
