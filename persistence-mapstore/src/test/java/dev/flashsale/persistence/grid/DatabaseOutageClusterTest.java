package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.Buyers.Sale;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The primary database stops in the middle of a sale ({@code scripts/db stop primary}): the grid keeps selling,
 * orders wait in the grid as pending, the store retries with backoff instead of hammering the server, and once the
 * primary is back everything drains, exactly once.
 */
class DatabaseOutageClusterTest {

    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private static TestSchema schema;
    private static SaleDatabase database;
    private static PersistentMembers members;

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("outage");
        database = SaleDatabase.of(schema);
        // Connections time out fast and the sweeper looks every 200 ms: without backoff, the store and the sweeper
        // would fail several times a second while the primary is down.
        members = PersistentMembers.start(
                2,
                EngineSettings.DEFAULTS,
                PersistenceSettings.DEFAULTS.withSweep(Duration.ofMillis(200), Duration.ofSeconds(3)),
                schema.settings().withTimeouts(Duration.ofMillis(250), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    @Test
    void keepsSellingThroughAnOutageAndDrainsOnceThePrimaryIsBack() throws InterruptedException {
        List<Long> products = database.createProducts(4, 100_000);
        Buyers buyers = new Buyers();
        Buyers.Run before = buyers.run(20, 10, members.members(), products);
        members.awaitDrained(Duration.ofSeconds(30));
        assertThat(members.counter("inventory.persistence.failures")).isZero();

        // An eager retrier on member 0 writes stale copies of 50 stored orders again the moment a write fails, as a
        // write-behind queue without a pause of its own would: only the store's backoff spaces its attempts out.
        Map<Long, Order> stale = StaleOrders.pendingCopies(
                members.member(0),
                before.acknowledged().stream().limit(50).map(Sale::orderId).toList());
        AtomicBoolean primaryDown = new AtomicBoolean(true);
        LongAdder eagerFailures = new LongAdder();
        Buyers.Run during;
        long pendingAtRestart;
        Duration selling;
        long restarting = 0;
        long stopped = System.nanoTime();
        LocalDatabaseServers.stopPrimary();
        Thread eager = Thread.ofVirtual().start(() -> {
            while (primaryDown.get()) {
                try {
                    members.member(0).orderStore().storeAll(stale);
                } catch (RuntimeException failure) {
                    eagerFailures.increment();
                }
            }
        });
        try {
            long until = System.nanoTime() + OUTAGE.toNanos();
            during = buyers.runWhile(
                    20, members.members(), products, () -> System.nanoTime() < until, Duration.ofMillis(5));
            selling = Duration.ofNanos(System.nanoTime() - stopped);
            pendingAtRestart = members.totalPending();
        } finally {
            restarting = System.nanoTime();
            LocalDatabaseServers.startPrimary();
            primaryDown.set(false);
        }
        Duration outage = Duration.ofNanos(System.nanoTime() - stopped);
        eager.join();
        double failuresDuringOutage = members.counter("inventory.persistence.failures");
        members.awaitDrained(Duration.ofSeconds(120));
        Duration drain = Duration.ofNanos(System.nanoTime() - restarting);

        System.out.printf(
                "outage: %d sales acknowledged in %d ms with the primary down (failures: %s), %d pending at"
                        + " restart; %.0f failed writes in the %d ms from 'scripts/db stop primary' to the end of"
                        + " 'scripts/db start primary' (%d of them by the eager retrier); every order in the database"
                        + " %d ms after 'scripts/db start primary' began; failed writes in all %.0f%n",
                during.acknowledged().size(),
                selling.toMillis(),
                during.failures(),
                pendingAtRestart,
                failuresDuringOutage,
                outage.toMillis(),
                eagerFailures.sum(),
                drain.toMillis(),
                members.counter("inventory.persistence.failures"));
        assertThat(during.failures()).isEmpty();
        assertThat(during.acknowledged()).hasSizeGreaterThan(100);
        assertThat(pendingAtRestart).isEqualTo(during.acknowledged().size());
        // With backoff the failed writes stay few over the whole outage (7 to 10 s with the stop and the restart):
        // waits of 0.1, 0.2, 0.4 ... s. Without it the eager retrier alone fails every 250 ms (the pool's timeout).
        assertThat(eagerFailures.sum()).isPositive().isLessThanOrEqualTo(12);
        assertThat(members.counter("inventory.persistence.failures")).isLessThan(30);
        List<Sale> acknowledged = Stream.concat(before.acknowledged().stream(), during.acknowledged().stream())
                .toList();
        assertThat(database.orderIds("CONFIRMED", products))
                .containsExactlyElementsOf(
                        acknowledged.stream().map(Sale::orderId).sorted().toList());
        Map<Long, Long> soldPerProduct =
                acknowledged.stream().collect(Collectors.groupingBy(Sale::productId, Collectors.counting()));
        for (long product : products) {
            SaleDatabase.Totals totals = database.totals(product);
            assertThat(totals.sold())
                    .as("product %d: stock_totals.sold, confirmed quantity, acknowledged, grid sold", product)
                    .isEqualTo(totals.confirmedQuantity())
                    .isEqualTo(soldPerProduct.get(product))
                    .isEqualTo(members.member(1)
                            .inventory()
                            .availability(product)
                            .orElseThrow()
                            .sold());
        }
        assertThat(members.counter("inventory.persistence.refused")).isZero();
    }
}
