package dev.flashsale.cluster.splitbrain;

import static dev.flashsale.cluster.splitbrain.CuttableCluster.NODE1;
import static dev.flashsale.cluster.splitbrain.CuttableCluster.NODE2;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.ClusterState;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridCalls;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.InventoryUnavailableException;
import dev.flashsale.engine.stock.Stock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4 of the fault suite in one JVM: the link between the two app nodes is cut while both still reach the
 * witness (the master, as scripts/up starts it first). Buyers keep buying through both nodes. The master removes one
 * node (partial member disconnection resolution); the other node and the witness keep selling, the removed node
 * refuses every change for want of quorum and stays out of the grid for as long as the cut lasts: no merge either way
 * ({@link MergeFreeze}). After the heal the grid is one again and its stock is what the acknowledged sales make it.
 */
class PartialCutClusterTest {

    private static final Logger log = LoggerFactory.getLogger(PartialCutClusterTest.class);
    private static final EngineSettings ENGINE = EngineSettings.DEFAULTS;
    private static final int PRODUCTS = 12;
    private static final long UNITS = 100_000_000;
    private static final int BUYERS_PER_NODE = 4;
    /** Long enough for several merge searches (every 5 s in {@link CuttableCluster}) while the cut lasts. */
    private static final Duration CUT_HELD = Duration.ofSeconds(30);

    private CuttableCluster cluster;
    private final List<GridInventory> inventories = new ArrayList<>();

    @AfterEach
    void stop() {
        inventories.forEach(GridInventory::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Both tie-break directions of the merge: with the witness's address highest (the loopback deployment before the
     * witness moved to port 5700; {@code WitnessMember} now refuses such an address, but the grid must still add up)
     * the witness's side merges into the removed node; with it lowest (as deployed: port 5700 below 5701 and 5702, or
     * "[10.77.0.100]" below "[10.77.0.1]" and "[10.77.0.2]") the removed node merges into the witness's side.
     */
    @ParameterizedTest(name = "witness address highest: {0}")
    @ValueSource(booleans = {true, false})
    void oneNodeAndTheWitnessSellWhileTheNodesAreCutApartTheOtherRefusesAndTheHealedStockAddsUp(
            boolean witnessAddressHighest) throws InterruptedException {
        cluster = CuttableCluster.start(ENGINE, witnessAddressHighest);
        MergeEvents merges = cluster.mergeEvents();
        GridInventory[] through = {inventory(NODE1), inventory(NODE2)};
        Map<Long, AtomicLong> sold = CuttableCluster.openProducts(through[0], PRODUCTS, UNITS);
        Buyers[] buyers = {new Buyers(through[0], sold), new Buyers(through[1], sold)};
        for (Buyers side : buyers) {
            side.start();
        }
        Thread.sleep(1_000);

        long cutAt = System.nanoTime();
        cluster.cut(NODE1, NODE2);
        int lone = cluster.awaitNodeRemoved();
        int selling = lone == NODE1 ? NODE2 : NODE1;
        long removedAt = System.nanoTime();
        CuttableCluster.await(
                () -> buyers[lone].firstRefusalAt.get() != Long.MAX_VALUE,
                Duration.ofSeconds(30),
                "the removed node's buyers refused for want of quorum");
        assertThat(cluster.sizeSeenBy(selling)).isEqualTo(2);
        assertThat(cluster.protectionAllowsChanges(selling)).isTrue();
        long soldBySellingSideAtRemoval = buyers[selling].acknowledged.get();

        // Hold the cut through several merge searches: the removed node must neither merge back into the witness's
        // side nor take that side in (a node merging towards a member it cannot reach drops its data).
        long holdUntil = System.nanoTime() + CUT_HELD.toNanos();
        while (System.nanoTime() - holdUntil < 0) {
            assertThat(cluster.sizeSeenBy(lone))
                    .as("the removed node stays alone")
                    .isEqualTo(1);
            assertThat(cluster.sizeSeenBy(selling))
                    .as("the selling side stays whole")
                    .isEqualTo(2);
            assertThat(merges.merging()).as("no merge while the cut lasts").isEmpty();
            Thread.sleep(100);
        }
        assertThat(cluster.member(lone).getCluster().getClusterState())
                .as("the removed node freezes its own cluster: no merge either way")
                .isEqualTo(ClusterState.FROZEN);
        boolean acknowledgedOnLoneAfterRemoval = buyers[lone].acknowledgedAfter(removedAt);
        long sellingSideSales = buyers[selling].acknowledged.get() - soldBySellingSideAtRemoval;
        for (Buyers side : buyers) {
            side.stop();
        }
        log.info(
                "cut between the nodes: node{} removed {} ms after the cut, its buyers first refused for want of"
                        + " quorum {} ms after the cut; node{} sold {} while the cut was held. Longest buy call: node1"
                        + " {} ms, node2 {} ms. Other failures: node1 {}, node2 {}",
                lone + 1,
                Duration.ofNanos(removedAt - cutAt).toMillis(),
                Duration.ofNanos(buyers[lone].firstRefusalAt.get() - cutAt).toMillis(),
                selling + 1,
                sellingSideSales,
                buyers[0].longestCallMillis.get(),
                buyers[1].longestCallMillis.get(),
                buyers[0].otherFailures.get(),
                buyers[1].otherFailures.get());
        assertThat(sellingSideSales)
                .as("the side with the witness keeps selling")
                .isPositive();
        assertThat(acknowledgedOnLoneAfterRemoval)
                .as("a sale acknowledged on the removed node after its removal")
                .isFalse();

        for (int side = 0; side < 2; side++) {
            List<String> late = buyers[side].acknowledgements.stream()
                    .filter(ack -> ack[2] - cutAt > 0)
                    .limit(40)
                    .map(ack -> "p" + ack[0] + " asked "
                            + Duration.ofNanos(ack[1] - cutAt).toMillis() + " answered "
                            + Duration.ofNanos(ack[2] - cutAt).toMillis())
                    .toList();
            log.info("node{} acknowledged after the cut (the first 40, ms after the cut): {}", side + 1, late);
        }
        cluster.heal(NODE1, NODE2);
        cluster.awaitHealed(merges);
        log.info("after the heal: {}", merges);
        assertThat(cluster.member(lone).getCluster().getClusterState()).isEqualTo(ClusterState.ACTIVE);
        // Every acknowledged sale is in the merged stock, none twice. A sale in flight at the cut may have been applied
        // with its answer lost (indeterminate, never acknowledged): at most one per buyer.
        sold.forEach((product, acknowledged) -> log.info(
                "product {}: acknowledged {}, stock {}",
                product,
                acknowledged.get(),
                through[0].availability(product).orElseThrow()));
        sold.forEach((product, acknowledged) -> {
            Stock stock = through[0].availability(product).orElseThrow();
            assertThat(through[1].availability(product)).contains(stock);
            assertThat(stock.received()).isEqualTo(UNITS);
            assertThat(stock.sold())
                    .as("product %d", product)
                    .isBetween(acknowledged.get(), acknowledged.get() + 2L * BUYERS_PER_NODE);
        });
        // And both nodes sell, now and once every settling period that the merge could have started is over (a node
        // that settles refuses the changes on the partitions it owns, whichever node they come through).
        for (GridInventory inventory : through) {
            assertThat(inventory.buy(1, "after-heal", 1, OpId.random())).isInstanceOf(Outcome.Sold.class);
        }
        long until = System.nanoTime() + MemberQuorum.SETTLE.plusSeconds(5).toNanos();
        for (long product = 1; System.nanoTime() - until < 0; product = 1 + product % PRODUCTS) {
            for (GridInventory inventory : through) {
                assertThat(inventory.buy(product, "later", 1, OpId.random()))
                        .as("product %d after the heal", product)
                        .isInstanceOf(Outcome.Sold.class);
            }
            Thread.sleep(250);
        }
    }

    /** Buyers that keep buying through one node, counting what is acknowledged and when they are refused. */
    private static final class Buyers {
        private final GridInventory inventory;
        private final Map<Long, AtomicLong> sold;
        private final AtomicBoolean buying = new AtomicBoolean(true);
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong lastAcknowledgedAt = new AtomicLong(Long.MIN_VALUE);
        /** Each acknowledged sale: product, when asked, when answered (nanoTime). */
        private final ConcurrentLinkedQueue<long[]> acknowledgements = new ConcurrentLinkedQueue<>();

        private final AtomicLong firstRefusalAt = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong longestCallMillis = new AtomicLong();
        private final AtomicLong otherFailures = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        Buyers(GridInventory inventory, Map<Long, AtomicLong> sold) {
            this.inventory = inventory;
            this.sold = sold;
        }

        void start() {
            for (int buyer = 0; buyer < BUYERS_PER_NODE; buyer++) {
                long first = 1 + buyer;
                threads.add(Thread.ofPlatform().start(() -> buy(first)));
            }
        }

        private void buy(long first) {
            long product = first;
            while (buying.get()) {
                long startedAt = System.nanoTime();
                try {
                    if (inventory.buy(product, "buyer", 1, OpId.random()) instanceof Outcome.Sold) {
                        sold.get(product).incrementAndGet();
                        acknowledged.incrementAndGet();
                        lastAcknowledgedAt.accumulateAndGet(System.nanoTime(), Math::max);
                        acknowledgements.add(new long[] {product, startedAt, System.nanoTime()});
                    }
                } catch (InventoryUnavailableException refused) {
                    if (GridCalls.NO_QUORUM.equals(refused.getMessage())) {
                        firstRefusalAt.accumulateAndGet(System.nanoTime(), Math::min);
                    } else {
                        otherFailures.incrementAndGet();
                    }
                } catch (RuntimeException failure) {
                    otherFailures.incrementAndGet();
                }
                longestCallMillis.accumulateAndGet(
                        Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), Math::max);
                product = 1 + product % PRODUCTS;
            }
        }

        boolean acknowledgedAfter(long at) {
            return lastAcknowledgedAt.get() != Long.MIN_VALUE && lastAcknowledgedAt.get() - at > 0;
        }

        void stop() throws InterruptedException {
            buying.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private GridInventory inventory(int index) {
        GridInventory inventory = new GridInventory(cluster.member(index), ENGINE);
        inventories.add(inventory);
        return inventory;
    }
}
