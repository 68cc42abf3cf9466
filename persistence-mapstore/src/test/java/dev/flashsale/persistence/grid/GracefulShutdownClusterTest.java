package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.Buyers.Sale;
import dev.flashsale.persistence.grid.PersistentMembers.Member;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a graceful shutdown relies on: {@link PersistenceGrid#flushOwnedPending()} writes every pending order a member
 * owns at once, and shutting the members down one after the other leaves nothing behind. The write delay and the
 * sweeps are a minute long here, so that nothing else writes the orders during the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulShutdownClusterTest {

    private static TestSchema schema;
    private static SaleDatabase database;
    private static PersistentMembers members;
    private static final Buyers buyers = new Buyers();

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("shutdown");
        database = SaleDatabase.of(schema);
        members = PersistentMembers.start(
                2,
                EngineSettings.DEFAULTS,
                new PersistenceSettings(
                        Duration.ofSeconds(60),
                        500,
                        false,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(180),
                        Duration.ofSeconds(10)),
                schema.settings());
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    @Test
    @Order(1)
    void flushingEveryMembersPendingOrdersWritesThemAllAtOnce() {
        List<Long> products = database.createProducts(3, 100);
        Buyers.Run run = buyers.run(50, 4, members.members(), products);
        assertThat(run.acknowledged()).hasSize(200);
        assertThat(database.orderIds("CONFIRMED", products)).isEmpty();
        assertThat(members.totalPending()).isEqualTo(200);

        int flushed = members.members().stream()
                .mapToInt(member -> member.persistence().flushOwnedPending())
                .sum();

        assertThat(flushed).isEqualTo(200);
        assertThat(database.orderIds("CONFIRMED", products))
                .containsExactlyElementsOf(
                        run.acknowledged().stream().map(Sale::orderId).sorted().toList());
        products.forEach(product -> assertThat(database.totals(product).sold())
                .isEqualTo(database.totals(product).confirmedQuantity()));
        members.awaitDrained(Duration.ofSeconds(10));
    }

    @Test
    @Order(2)
    void shuttingTheMembersDownOneAfterTheOtherLeavesNothingBehind() {
        List<Long> products = database.createProducts(3, 100);
        Buyers.Run run = buyers.run(50, 4, members.members(), products);
        assertThat(run.acknowledged()).hasSize(200);
        assertThat(database.orderIds("CONFIRMED", products)).isEmpty();

        long shuttingDown = System.nanoTime();
        for (Member member : members.members()) {
            members.shutdown(member);
        }
        System.out.printf(
                "graceful shutdown: 2 members with 200 pending orders shut down in %d ms%n",
                Duration.ofNanos(System.nanoTime() - shuttingDown).toMillis());

        assertThat(database.orderIds("CONFIRMED", products))
                .containsExactlyElementsOf(
                        run.acknowledged().stream().map(Sale::orderId).sorted().toList());
        products.forEach(product -> assertThat(database.totals(product).sold())
                .isEqualTo(database.totals(product).confirmedQuantity()));
    }
}
