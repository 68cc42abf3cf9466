package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import com.hazelcast.nearcache.NearCacheStats;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
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
        first.publish(entry(1, "Kettle"));
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

    static NearCacheStats nearCacheStats(int member) {
        IMap<Long, CatalogueEntry> products = grid.member(member).getMap(InventoryMaps.PRODUCTS);
        return products.getLocalMapStats().getNearCacheStats();
    }
}
