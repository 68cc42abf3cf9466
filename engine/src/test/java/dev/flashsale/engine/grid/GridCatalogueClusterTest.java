package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import com.hazelcast.nearcache.NearCacheStats;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalogue on two members: published on one, read near on the other, and changes reach every near copy. */
class GridCatalogueClusterTest {

    static TestGrid grid;
    static GridCatalogue first;
    static GridCatalogue second;

    @BeforeAll
    static void start() {
        grid = TestGrid.start(2, TestGrid.fastSettings());
        first = new GridCatalogue(grid.member(0), grid.settings());
        second = new GridCatalogue(grid.member(1), grid.settings());
    }

    @AfterAll
    static void stop() {
        grid.close();
    }

    static CatalogueEntry entry(long id, String name) {
        return new CatalogueEntry(id, "SKU-" + id, name, Optional.empty(), new BigDecimal("4.50"), OptionalInt.of(2));
    }

    @Test
    void answersRepeatedReadsFromTheNearCacheOfEachMember() {
        long invalidationsBefore = nearCacheStats(1).getInvalidationRequests();
        first.publish(entry(1, "Kettle"));
        // The publish invalidates the second member's near copy by an event that may arrive after that member's first
        // read below has cached the entry, throwing the fresh copy out again (a second miss, one hit less): count the
        // reads once the invalidation has arrived.
        awaitCondition(() -> nearCacheStats(1).getInvalidationRequests() > invalidationsBefore);
        // The stats are live counters: read them, not the object, before and after.
        long hitsBefore = nearCacheStats(1).getHits();
        long missesBefore = nearCacheStats(1).getMisses();

        for (int read = 0; read < 5; read++) {
            assertThat(second.product(1)).contains(entry(1, "Kettle"));
        }

        assertThat(nearCacheStats(1).getHits() - hitsBefore).isGreaterThanOrEqualTo(4);
        assertThat(nearCacheStats(1).getMisses() - missesBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void showsAChangeOnEveryMemberAtOnce() {
        first.publish(entry(2, "Toaster"));
        assertThat(second.product(2)).contains(entry(2, "Toaster"));

        first.publish(entry(2, "Toaster, improved"));

        awaitProduct(second, 2, Optional.of(entry(2, "Toaster, improved")));
    }

    @Test
    void forgetsThatAProductWasUnknownOnceItIsPublished() {
        assertThat(second.product(3)).isEmpty();
        assertThat(second.product(3)).isEmpty();

        first.publish(entry(3, "Blender"));

        awaitProduct(second, 3, Optional.of(entry(3, "Blender")));
        assertThat(second.productAsync(3).toCompletableFuture().join()).contains(entry(3, "Blender"));
    }

    /**
     * Waits at most 2 s, well under Hazelcast's default invalidation batching delay (10 s), so that the test fails if
     * invalidations were batched again.
     */
    static void awaitProduct(GridCatalogue catalogue, long id, Optional<CatalogueEntry> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!catalogue.product(id).equals(expected) && System.nanoTime() < deadline) {
            TestGrid.sleep(20);
        }
        assertThat(catalogue.product(id)).isEqualTo(expected);
    }

    /** Waits until {@code condition} holds; fails after a minute. */
    static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within a minute");
            }
            TestGrid.sleep(20);
        }
    }

    static NearCacheStats nearCacheStats(int member) {
        IMap<Long, CatalogueEntry> products = grid.member(member).getMap(InventoryMaps.PRODUCTS);
        return products.getLocalMapStats().getNearCacheStats();
    }
}
