package dev.flashsale.persistence.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The monitor checks the real replica, on a clock the test moves. */
class ReplicaMonitorTest {

    private static final CatalogueReadSettings SETTINGS =
            new CatalogueReadSettings(Duration.ofSeconds(5), Duration.ofSeconds(1));

    private static TestSchema schema;
    private static Database database;

    @BeforeAll
    static void startDatabase() throws SQLException {
        schema = TestDatabases.createSchema("monitor");
        database = schema.start();
        TestSchema.awaitReplica();
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    @Test
    void checksTheReplicaAtMostOncePerInterval() throws SQLException {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        ReplicaMonitor monitor = new ReplicaMonitor(database.replica().orElseThrow(), SETTINGS, clock::get);
        assertThat(monitor.current()).isInstanceOf(ReplicaHealth.Current.class);
        TestSchema.executeOnReplica("STOP SLAVE SQL_THREAD");
        try {
            clock.addAndGet(Duration.ofMillis(999).toNanos());
            ReplicaHealth withinTheInterval = monitor.current();
            clock.addAndGet(Duration.ofMillis(1).toNanos());
            ReplicaHealth afterTheInterval = monitor.current();

            assertThat(withinTheInterval).isInstanceOf(ReplicaHealth.Current.class);
            assertThat(afterTheInterval)
                    .isInstanceOfSatisfying(
                            ReplicaHealth.Unusable.class,
                            unusable -> assertThat(unusable.reason()).isEqualTo(FallbackReason.NOT_REPLICATING));
        } finally {
            TestSchema.executeOnReplica("START SLAVE SQL_THREAD");
        }
    }

    @Test
    void countsAFailedReadAsDownUntilTheNextCheck() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        ReplicaMonitor monitor = new ReplicaMonitor(database.replica().orElseThrow(), SETTINGS, clock::get);
        monitor.current();

        monitor.readFailed(new IllegalStateException("connection reset"));
        ReplicaHealth afterTheFailure = monitor.current();
        clock.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(afterTheFailure)
                .isInstanceOfSatisfying(
                        ReplicaHealth.Unusable.class,
                        unusable -> assertThat(unusable.reason()).isEqualTo(FallbackReason.DOWN));
        assertThat(monitor.current()).isInstanceOf(ReplicaHealth.Current.class);
    }
}
