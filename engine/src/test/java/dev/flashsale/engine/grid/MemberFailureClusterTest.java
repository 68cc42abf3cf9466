package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.stock.Stock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The member that owns a hot product's partition is terminated (no graceful shutdown) in the middle of a sale: the
 * entry processors in flight are re-run on the promoted backup, and each must take effect exactly once.
 */
class MemberFailureClusterTest {

    private static final int CALLERS = 500;
    private static final int ATTEMPTS_PER_CALLER = 40;
    private static final int STOCK = 10_000;

    private TestGrid grid;
    private final List<GridInventory> inventories = new ArrayList<>();

    @AfterEach
    void stop() {
        inventories.forEach(GridInventory::close);
        grid.close();
    }

    @Test
    void sellsExactlyWhatItAcknowledgesWhenTheOwnerDiesMidSaleAndReplaysChangeNothing() {
        grid = TestGrid.start(3, TestGrid.fastSettings());
        long product = 200;
        HazelcastInstance owner = ownerOf(product);
        List<HazelcastInstance> survivors =
                grid.members().stream().filter(member -> member != owner).toList();
        survivors.forEach(member -> inventories.add(new GridInventory(member, grid.settings())));
        inventories.getFirst().open(product, STOCK, SaleRules.UNLIMITED, OpId.random());
        AtomicInteger attempts = new AtomicInteger();
        int killAfter = CALLERS * ATTEMPTS_PER_CALLER / 4;
        Thread killer = Thread.ofPlatform().start(() -> {
            while (attempts.get() < killAfter) {
                Thread.onSpinWait();
            }
            grid.terminate(owner);
        });

        List<Map<OpId, Outcome>> runs = Callers.run(CALLERS, Duration.ofMinutes(3), caller -> {
            GridInventory inventory = inventories.get(caller % inventories.size());
            Map<OpId, Outcome> outcomes = new LinkedHashMap<>();
            for (int attempt = 0; attempt < ATTEMPTS_PER_CALLER; attempt++) {
                OpId opId = OpId.random();
                attempts.incrementAndGet();
                outcomes.put(opId, inventory.buy(product, "buyer-" + caller, 1, opId));
            }
            return outcomes;
        });
        join(killer);

        Map<OpId, Outcome> all = new LinkedHashMap<>();
        runs.forEach(all::putAll);
        long acknowledged =
                all.values().stream().filter(Outcome.Sold.class::isInstance).count();
        assertThat(all.values())
                .allMatch(outcome -> outcome instanceof Outcome.Sold || outcome instanceof Outcome.SoldOut);
        assertThat(grid.members()).hasSize(2);
        Stock afterRun = inventories.getFirst().availability(product).orElseThrow();
        if (afterRun.sold() != acknowledged) {
            Map<String, Long> shifts = new java.util.TreeMap<>();
            all.forEach((opId, first) -> {
                Outcome again = inventories.get(1).buy(product, "diagnose", 1, opId);
                String key = first.getClass().getSimpleName() + "->"
                        + again.getClass().getSimpleName();
                shifts.merge(key, 1L, Long::sum);
            });
            System.err.println("DIAGNOSE sold=" + afterRun.sold() + " acknowledged=" + acknowledged + " retries="
                    + inventories.stream().mapToLong(GridInventory::retries).sum() + " shifts=" + shifts
                    + " view=" + inventories.getFirst().view(product));
        }
        assertThat(afterRun.sold()).isEqualTo(acknowledged);
        assertThat(afterRun.available()).isEqualTo(STOCK - acknowledged);
        assertThat(afterRun.received()).isEqualTo(STOCK);
        assertThat(inventories.stream().mapToLong(GridInventory::retries).sum())
                .as("operations in flight when the owner died were re-run")
                .isPositive();
        long batchedSales = inventories.stream()
                .mapToLong(inventory -> inventory.saleBatching().sales())
                .sum();
        assertThat(batchedSales).as("every sale went through a batch").isEqualTo(all.size());
        assertThat(inventories.stream()
                        .mapToLong(inventory -> inventory.saleBatching().invocations())
                        .sum())
                .as("sales travelled in batches")
                .isLessThan(batchedSales);

        grid.awaitSafe();
        Map<OpId, Outcome> replayed = new LinkedHashMap<>();
        all.forEach((opId, first) -> replayed.put(opId, inventories.get(1).buy(product, "replay", 1, opId)));

        List<String> differing = all.keySet().stream()
                .filter(opId -> !all.get(opId).equals(replayed.get(opId)))
                .limit(5)
                .map(opId -> opId + ": first " + all.get(opId) + ", replayed " + replayed.get(opId))
                .toList();
        assertThat(differing).as("replays that did not return the first result").isEmpty();
        assertThat(inventories.getFirst().availability(product)).contains(afterRun);
        assertThat(inventories.getFirst().view(product).orElseThrow().shortestCountEvictionMillis())
                .isEqualTo(Long.MAX_VALUE);
    }

    private HazelcastInstance ownerOf(long product) {
        var owner = grid.member(0).getPartitionService().getPartition(product).getOwner();
        return grid.members().stream()
                .filter(member -> member.getCluster().getLocalMember().getUuid().equals(owner.getUuid()))
                .findFirst()
                .orElseThrow();
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
