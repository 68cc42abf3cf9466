package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.persistence.PrimaryCheck;
import dev.flashsale.persistence.grid.Buyers.Sale;
import dev.flashsale.persistence.grid.PersistentMembers.Member;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5 of docs/faults.md in one JVM: the primary is lost for good (kill -9 of its {@code mariadbd}) while two
 * members sell; the replica is promoted ({@code scripts/db promote replica}) and announced ({@link
 * PrimaryFailover#announce}); both members switch without a restart, and the promoted server ends up with every
 * acknowledged sale exactly once and stock totals that close.
 *
 * <p>Replication is stopped for the last seconds before the kill, so the old primary certainly dies with orders it
 * committed (and the grid marked persisted) that the replica never received: the asynchronous replica's lag, made
 * certain. Only the rewrite after the switch brings them to the new primary.
 */
class PrimaryFailoverClusterTest {

    private static final int PRODUCTS = 4;
    private static final int STOCK = 5_000;
    private static final int BUYERS = 8;

    private static FailoverDatabases servers;
    private static PersistentMembers members;

    @BeforeAll
    static void startServersAndMembers() throws SQLException {
        servers = FailoverDatabases.start();
        members = PersistentMembers.start(
                2,
                EngineSettings.DEFAULTS,
                PersistentMembers.fastPersistence().withRewriteWindow(Duration.ofSeconds(60)),
                servers.settings());
    }

    @AfterAll
    static void stop() {
        if (members != null) {
            members.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void promotedReplicaGetsEveryAcknowledgedSaleWithoutRestartingTheMembers() throws SQLException {
        List<Member> via = members.members();
        ProductDao catalogue = new ProductDao(via.getFirst().database().primary());
        List<Long> products = IntStream.range(0, PRODUCTS)
                .mapToObj(i -> ((CreateProductOutcome.Created) catalogue.create(
                                NewProduct.of("FAILOVER-" + i, "Failover product", new BigDecimal("5.00"), STOCK)))
                        .product()
                        .id())
                .toList();
        Buyers buyers = new Buyers();
        List<Sale> acknowledged = new ArrayList<>();

        // Replicated: sold, written, shipped to the replica.
        acknowledged.addAll(sell(buyers, via, products, Duration.ofSeconds(2)));
        members.awaitDrained(Duration.ofSeconds(60));
        servers.awaitReplica();

        // Committed on the primary only: sold, written and marked persisted in the grid, never shipped.
        servers.stopReplication();
        List<Sale> neverShipped = sell(buyers, via, products, Duration.ofSeconds(2));
        acknowledged.addAll(neverShipped);
        members.awaitDrained(Duration.ofSeconds(60));

        // The primary is lost; the sale goes on, its orders wait in the grid.
        servers.killPrimary();
        acknowledged.addAll(sell(buyers, via, products, Duration.ofSeconds(2)));
        assertThat(members.totalPending()).isPositive();

        servers.promoteReplica();
        Jdbi promoted = servers.replica();
        Set<Long> missingAtPromotion =
                new HashSet<>(neverShipped.stream().map(Sale::orderId).toList());
        missingAtPromotion.removeAll(confirmedIds(promoted));
        assertThat(missingAtPromotion)
                .as("orders the old primary committed and the replica never received")
                .isNotEmpty();

        PrimaryAnnouncement announcement = via.get(1).persistence().failover().announce(servers.replicaUrl());
        assertThat(announcement)
                .isEqualTo(new PrimaryAnnouncement.Announced(new PrimaryAddress(servers.replicaUrl(), 1), true));
        acknowledged.addAll(sell(buyers, via, products, Duration.ofSeconds(2)));

        awaitSettled(Duration.ofSeconds(120));
        members.awaitDrained(Duration.ofSeconds(120));

        assertThat(members.members()).hasSize(2).containsExactlyElementsOf(via);
        for (Member member : via) {
            assertThat(member.hazelcast().getLifecycleService().isRunning()).isTrue();
            assertThat(member.database().primaryUrl()).isEqualTo(servers.replicaUrl());
            assertThat(member.persistence().failover().switchedEpoch()).isEqualTo(1);
        }
        assertThat(members.totalPending()).isZero();
        List<Long> confirmed = confirmedIds(promoted);
        assertThat(confirmed)
                .as("every acknowledged sale is in the new primary, once")
                .containsExactlyInAnyOrderElementsOf(
                        acknowledged.stream().map(Sale::orderId).toList());
        Map<Long, long[]> totals = totals(promoted);
        Map<Long, Long> soldByProduct =
                acknowledged.stream().collect(Collectors.groupingBy(Sale::productId, Collectors.counting()));
        for (long product : products) {
            long[] receivedSoldConfirmed = totals.get(product);
            assertThat(receivedSoldConfirmed[0]).as("received of %d", product).isEqualTo(STOCK);
            assertThat(receivedSoldConfirmed[1])
                    .as("sold of %d: its acknowledged sales, no more than received", product)
                    .isEqualTo(soldByProduct.getOrDefault(product, 0L))
                    .isEqualTo(receivedSoldConfirmed[2])
                    .isLessThanOrEqualTo(receivedSoldConfirmed[0]);
        }
        // The same address again changes nothing; the dead primary is refused, and nobody moves.
        assertThat(via.getFirst().persistence().failover().announce(servers.replicaUrl()))
                .isEqualTo(new PrimaryAnnouncement.Announced(new PrimaryAddress(servers.replicaUrl(), 1), false));
        assertThat(via.getFirst().persistence().failover().announce(servers.primaryUrl()))
                .isInstanceOfSatisfying(
                        PrimaryAnnouncement.Refused.class,
                        refused -> assertThat(refused.check()).isInstanceOf(PrimaryCheck.Unreachable.class));
        System.out.printf(
                "acknowledged %d sales; %d committed on the old primary only were written again to the new one%n",
                acknowledged.size(), missingAtPromotion.size());
    }

    private static List<Sale> sell(Buyers buyers, List<Member> via, List<Long> products, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        Buyers.Run run = buyers.runWhile(BUYERS, via, products, () -> System.nanoTime() < until, Duration.ofMillis(2));
        assertThat(run.failures()).isEmpty();
        assertThat(run.soldOut()).isZero();
        return run.acknowledged();
    }

    private static void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!members.members().stream()
                .allMatch(member -> member.persistence().failover().settled())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the members have not settled on the new primary after " + timeout);
            }
            PersistentMembers.sleep(100);
        }
    }

    private static List<Long> confirmedIds(Jdbi database) {
        return database.withHandle(handle -> handle.createQuery("SELECT id FROM orders WHERE status = 'CONFIRMED'")
                .mapTo(Long.class)
                .list());
    }

    /** received, sold, and the quantity of CONFIRMED orders, by product. */
    private static Map<Long, long[]> totals(Jdbi database) {
        return database.withHandle(handle -> handle
                .createQuery("SELECT t.product_id, t.received, t.sold,"
                        + " (SELECT COALESCE(SUM(o.quantity), 0) FROM orders o"
                        + "  WHERE o.product_id = t.product_id AND o.status = 'CONFIRMED') AS confirmed"
                        + " FROM stock_totals t")
                .map((row, context) -> Map.entry(
                        row.getLong("product_id"),
                        new long[] {row.getLong("received"), row.getLong("sold"), row.getLong("confirmed")}))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
