package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GridMapMetricsTest {

    private static final String MAP = "metrics-test";

    private final HazelcastInstance member = startMember();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();
    /** Held as the node holds its bean: Micrometer holds the meters' state weakly, through the binder. */
    private GridMapMetrics metrics;

    @AfterEach
    void stopMember() {
        member.getLifecycleService().terminate();
    }

    @Test
    void publishesTheMapsLocalStatisticsTaggedByMap() {
        metrics = new GridMapMetrics(member, List.of(MAP));
        metrics.bindTo(registry);
        IMap<String, String> map = member.getMap(MAP);
        map.put("a", "1");
        map.put("b", "2");
        map.put("c", "3");
        map.get("a");
        map.get("missing");
        map.remove("c");

        assertThat(gauge("inventory.grid.map.entries", "ownership", "owned")).isEqualTo(2);
        assertThat(gauge("inventory.grid.map.entries", "ownership", "backup")).isZero();
        assertThat(gauge("inventory.grid.map.memory", "ownership", "owned")).isPositive();
        assertThat(gauge("inventory.grid.map.dirty.entries", "map", MAP)).isZero();
        assertThat(operations("put").count()).isEqualTo(3);
        assertThat(operations("get").count()).isEqualTo(2);
        assertThat(operations("remove").count()).isEqualTo(1);
        assertThat(operations("get").totalTime(TimeUnit.NANOSECONDS)).isNotNegative();
        assertThat(registry.get("inventory.grid.map.hits")
                        .tag("map", MAP)
                        .functionCounter()
                        .count())
                .isPositive();
    }

    @Test
    void keepsTheLastFiguresOnceTheMemberHasStopped() {
        metrics = new GridMapMetrics(member, List.of(MAP), now::get);
        metrics.bindTo(registry);
        member.getMap(MAP).put("a", "1");
        assertThat(gauge("inventory.grid.map.entries", "ownership", "owned")).isEqualTo(1);

        member.getLifecycleService().terminate();
        now.addAndGet(GridMapMetrics.SNAPSHOT_MAX_AGE.toNanos());

        assertThat(gauge("inventory.grid.map.entries", "ownership", "owned")).isEqualTo(1);
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag("map", MAP).tag(tag, value).gauge().value();
    }

    private FunctionTimer operations(String operation) {
        return registry.get("inventory.grid.map.operations")
                .tag("map", MAP)
                .tag("operation", operation)
                .functionTimer();
    }

    private static HazelcastInstance startMember() {
        int port = AppNode.freePort();
        return Hazelcast.newHazelcastInstance(MemberConfigFactory.build(ClusterSettings.of(
                "map-metrics-test-" + UUID.randomUUID(), "127.0.0.1", port, List.of("127.0.0.1:" + port))));
    }
}
