package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.Buyers.Sale;
import dev.flashsale.persistence.grid.PersistentMembers.Member;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member killed in the middle of a sale, while it could not reach the database, takes its write-behind queue with
 * it; its orders live on in their backups, now primaries on the survivors, and reach the database: every acknowledged
 * order is CONFIRMED exactly once.
 *
 * <p>The victim cannot write because the test holds every connection of its pool. Backups keep a write-behind entry
 * only for the write delay plus Hazelcast's replica delay (1 s here, 10 s by default), on the assumption that the
 * primary has stored it by then; so the victim's orders older than that exist only as pending orders in the backups,
 * and only the sweep that every survivor runs once it has taken over the victim's partitions writes them.
 */
class MemberLossClusterTest {

    private static final String REPLICA_DELAY = "hazelcast.map.replica.scheduled.task.delay.seconds";

    private static TestSchema schema;
    private static SaleDatabase database;
    private static PersistentMembers members;

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("member_loss");
        database = SaleDatabase.of(schema);
        members = PersistentMembers.start(
                3,
                EngineSettings.DEFAULTS,
                // The periodic sweep is left out of it (every 10 minutes): this is the sweep after a member left.
                PersistenceSettings.DEFAULTS.withSweep(Duration.ofMinutes(10), Duration.ofMinutes(10)),
                schema.settings(),
                Map.of(REPLICA_DELAY, "1"));
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    @Test
    void persistsEveryAcknowledgedOrderWhenAMemberIsKilledMidSale() throws InterruptedException {
        List<Long> products = database.createProducts(10, 1_000);
        // Loaded into the grid now, on primaries and backups (a backup loads a missing entry when it applies its first
        // change, here a restock of one unit): the victim, unable to reach the database, could not load them later.
        for (long product : products) {
            members.member(0).inventory().rules(product);
            members.member(0).inventory().restock(product, 1, OpId.random());
        }
        List<Member> survivors = List.of(members.member(0), members.member(1));
        Member victim = members.member(2);
        Buyers buyers = new Buyers();

        Buyers.Run beforeKill;
        Buyers.Run afterKill;
        long pendingOnVictim;
        List<Handle> victimsConnections = Stream.generate(
                        () -> victim.database().primary().open())
                .limit(members.poolSize())
                .toList();
        try {
            beforeKill = buyers.run(100, 15, survivors, products);
            // Longer than the write delay plus the replica delay: the backups have dropped their write-behind entries.
            PersistentMembers.sleep(3_000);
            pendingOnVictim = victim.pending();
            AtomicReference<Buyers.Run> second = new AtomicReference<>();
            Thread sale = Thread.ofVirtual().start(() -> second.set(buyers.run(100, 25, survivors, products)));
            long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (buyers.acknowledgedSoFar() < 2_000 && sale.isAlive() && System.nanoTime() < giveUpAt) {
                PersistentMembers.sleep(5);
            }
            members.terminate(victim);
            sale.join();
            afterKill = second.get();
        } finally {
            victimsConnections.forEach(Handle::close);
        }
        members.awaitSize(2);
        Duration drain = members.awaitDrained(Duration.ofSeconds(30));

        List<Sale> acknowledged = Stream.concat(beforeKill.acknowledged().stream(), afterKill.acknowledged().stream())
                .toList();
        List<Long> confirmed = database.orderIds("CONFIRMED", products);
        System.out.printf(
                "member loss: %d sales acknowledged (failures %s, %s), member killed after 2,000 with %d pending"
                        + " orders of its own; %d CONFIRMED in the database; drained in %d ms after the sale%n",
                acknowledged.size(),
                beforeKill.failures(),
                afterKill.failures(),
                pendingOnVictim,
                confirmed.size(),
                drain.toMillis());
        assertThat(beforeKill.failures()).isEmpty();
        assertThat(afterKill.failures()).isEmpty();
        assertThat(acknowledged).hasSize(4_000);
        assertThat(pendingOnVictim).isPositive();
        assertThat(confirmed)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(
                        acknowledged.stream().map(Sale::orderId).sorted().toList());
        assertThat(database.orderIds("CANCELLED", products)).isEmpty();
        Map<Long, Long> soldPerProduct =
                acknowledged.stream().collect(Collectors.groupingBy(Sale::productId, Collectors.counting()));
        for (long product : products) {
            SaleDatabase.Totals totals = database.totals(product);
            assertThat(totals.sold())
                    .as("product %d: stock_totals.sold, confirmed quantity, acknowledged, grid sold", product)
                    .isEqualTo(totals.confirmedQuantity())
                    .isEqualTo(soldPerProduct.get(product))
                    .isEqualTo(survivors
                            .getFirst()
                            .inventory()
                            .availability(product)
                            .orElseThrow()
                            .sold());
        }
    }
}
