package dev.flashsale.api.monitoring;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The statistics of this member's share of the grid maps, from {@code IMap.getLocalMapStats()}, each meter tagged
 * {@code map} with the map's name:
 *
 * <ul>
 *   <li>{@code inventory.grid.map.entries} (gauge, tag {@code ownership}: {@code owned} or {@code backup}): entries this
 *       member holds as the partition owner, and as a backup;
 *   <li>{@code inventory.grid.map.memory} (gauge, bytes, tag {@code ownership}): what those entries cost; NaN for a map
 *       that keeps objects ({@code inventory.stock}), whose cost Hazelcast does not know;
 *   <li>{@code inventory.grid.map.dirty.entries} (gauge): entries changed here that the map store has not written yet
 *       (the write-behind queue of {@code inventory.orders});
 *   <li>{@code inventory.grid.map.operations} (function timer, tag {@code operation}: {@code get}, {@code put}, {@code
 *       set}, {@code remove}): how many of each operation the member served as owner, and their total latency (an
 *       entry processor that changes its entry counts as a put);
 *   <li>{@code inventory.grid.map.operations.other} (function counter): every other operation;
 *   <li>{@code inventory.grid.map.hits} (function counter): reads of existing entries.
 * </ul>
 *
 * <p>A scrape reads each map's statistics once ({@code getLocalMapStats} walks this member's partitions): the snapshot
 * is shared by that map's meters for {@link #SNAPSHOT_MAX_AGE}. When the member has stopped, the meters keep the last
 * figures. Counters restart from zero when the node restarts, as Prometheus expects.
 *
 * <p>Thread-safe.
 */
final class GridMapMetrics implements MeterBinder {

    static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

    private final HazelcastInstance member;
    private final List<String> maps;
    private final LongSupplier nanoTime;
    /** Micrometer holds a meter's state weakly: the snapshots live as long as this binder, a bean of the node. */
    private final List<MapStatsSnapshot> snapshots = new CopyOnWriteArrayList<>();

    GridMapMetrics(HazelcastInstance member, List<String> maps) {
        this(member, maps, System::nanoTime);
    }

    GridMapMetrics(HazelcastInstance member, List<String> maps, LongSupplier nanoTime) {
        this.member = Objects.requireNonNull(member, "member");
        this.maps = List.copyOf(maps);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String map : maps) {
            MapStatsSnapshot stats = new MapStatsSnapshot(member, map, nanoTime);
            snapshots.add(stats);
            bind(registry, stats, map);
        }
    }

    private static void bind(MeterRegistry registry, MapStatsSnapshot stats, String map) {
        gauge("inventory.grid.map.entries", stats, LocalMapStats::getOwnedEntryCount)
                .description("entries of the map this member holds, as owner or as backup")
                .tags("map", map, "ownership", "owned")
                .register(registry);
        gauge("inventory.grid.map.entries", stats, LocalMapStats::getBackupEntryCount)
                .description("entries of the map this member holds, as owner or as backup")
                .tags("map", map, "ownership", "backup")
                .register(registry);
        memoryGauge(stats, LocalMapStats::getOwnedEntryMemoryCost)
                .description("memory the map's entries on this member cost")
                .baseUnit("bytes")
                .tags("map", map, "ownership", "owned")
                .register(registry);
        memoryGauge(stats, LocalMapStats::getBackupEntryMemoryCost)
                .description("memory the map's entries on this member cost")
                .baseUnit("bytes")
                .tags("map", map, "ownership", "backup")
                .register(registry);
        gauge("inventory.grid.map.dirty.entries", stats, LocalMapStats::getDirtyEntryCount)
                .description("entries changed on this member that the map store has not written yet")
                .tags("map", map)
                .register(registry);
        timer(registry, stats, map, "get", LocalMapStats::getGetOperationCount, LocalMapStats::getTotalGetLatency);
        timer(registry, stats, map, "put", LocalMapStats::getPutOperationCount, LocalMapStats::getTotalPutLatency);
        timer(registry, stats, map, "set", LocalMapStats::getSetOperationCount, LocalMapStats::getTotalSetLatency);
        timer(
                registry,
                stats,
                map,
                "remove",
                LocalMapStats::getRemoveOperationCount,
                LocalMapStats::getTotalRemoveLatency);
        FunctionCounter.builder(
                        "inventory.grid.map.operations.other",
                        stats,
                        snapshot -> snapshot.read(LocalMapStats::getOtherOperationCount))
                .description("other operations on the map on this member")
                .tags("map", map)
                .register(registry);
        FunctionCounter.builder("inventory.grid.map.hits", stats, snapshot -> snapshot.read(LocalMapStats::getHits))
                .description("reads of existing entries of the map on this member")
                .tags("map", map)
                .register(registry);
    }

    /** Hazelcast reports -1 for a map whose entries' cost it does not know (in-memory format OBJECT): NaN here. */
    private static Gauge.Builder<MapStatsSnapshot> memoryGauge(
            MapStatsSnapshot stats, ToLongFunction<LocalMapStats> cost) {
        return Gauge.builder("inventory.grid.map.memory", stats, snapshot -> {
            double bytes = snapshot.read(cost);
            return bytes < 0 ? Double.NaN : bytes;
        });
    }

    private static Gauge.Builder<MapStatsSnapshot> gauge(
            String name, MapStatsSnapshot stats, ToLongFunction<LocalMapStats> figure) {
        return Gauge.builder(name, stats, snapshot -> snapshot.read(figure));
    }

    private static void timer(
            MeterRegistry registry,
            MapStatsSnapshot stats,
            String map,
            String operation,
            ToLongFunction<LocalMapStats> count,
            ToLongFunction<LocalMapStats> totalLatencyMillis) {
        FunctionTimer.builder(
                        "inventory.grid.map.operations",
                        stats,
                        snapshot -> (long) snapshot.read(count),
                        snapshot -> snapshot.read(totalLatencyMillis),
                        TimeUnit.MILLISECONDS)
                .description("operations on the map this member served as owner, and their total latency")
                .tags("map", map, "operation", operation)
                .register(registry);
    }

    /**
     * One map's local statistics, taken at most once per {@link #SNAPSHOT_MAX_AGE}; the last ones while the member
     * cannot answer. Thread-safe.
     */
    static final class MapStatsSnapshot {

        private final HazelcastInstance member;
        private final String map;
        private final LongSupplier nanoTime;
        private volatile LocalMapStats latest;
        private volatile long takenAt;

        MapStatsSnapshot(HazelcastInstance member, String map, LongSupplier nanoTime) {
            this.member = member;
            this.map = map;
            this.nanoTime = nanoTime;
        }

        /** A figure of the latest statistics; NaN before the member ever answered. */
        double read(ToLongFunction<LocalMapStats> figure) {
            LocalMapStats stats = current();
            return stats == null ? Double.NaN : figure.applyAsLong(stats);
        }

        private LocalMapStats current() {
            long now = nanoTime.getAsLong();
            LocalMapStats known = latest;
            if (known != null && now - takenAt < SNAPSHOT_MAX_AGE.toNanos()) {
                return known;
            }
            synchronized (this) {
                if (latest != null && nanoTime.getAsLong() - takenAt < SNAPSHOT_MAX_AGE.toNanos()) {
                    return latest;
                }
                try {
                    latest = member.getMap(map).getLocalMapStats();
                    takenAt = nanoTime.getAsLong();
                } catch (RuntimeException stopped) {
                    // The member is shutting down or gone: keep the last figures rather than failing the scrape.
                }
                return latest;
            }
        }
    }
}
