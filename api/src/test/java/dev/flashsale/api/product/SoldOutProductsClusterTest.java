package dev.flashsale.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A restock on one node reopens the product on the other at once, long before the mark's time to live ends. */
class SoldOutProductsClusterTest {

    static final Duration LONG_TTL = Duration.ofMinutes(10);

    static HazelcastInstance first;
    static HazelcastInstance second;

    @BeforeAll
    static void start() throws Exception {
        String cluster = "sold-out-" + UUID.randomUUID();
        List<Integer> ports = List.of(AppNode.freePort(), AppNode.freePort());
        List<String> members = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        try (var starters = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HazelcastInstance> one = starters.submit(() -> Hazelcast.newHazelcastInstance(
                    MemberConfigFactory.build(ClusterSettings.of(cluster, "127.0.0.1", ports.get(0), members))));
            Future<HazelcastInstance> two = starters.submit(() -> Hazelcast.newHazelcastInstance(
                    MemberConfigFactory.build(ClusterSettings.of(cluster, "127.0.0.1", ports.get(1), members))));
            first = one.get();
            second = two.get();
        }
    }

    @AfterAll
    static void stop() {
        for (HazelcastInstance member : new HazelcastInstance[] {first, second}) {
            if (member != null) {
                member.getLifecycleService().terminate();
            }
        }
    }

    @Test
    void reopensAProductOnEveryNodeWhenOneOfThemReopensIt() throws InterruptedException {
        try (SoldOutProducts here = SoldOutProducts.on(first, LONG_TTL);
                SoldOutProducts there = SoldOutProducts.on(second, LONG_TTL)) {
            here.markSoldOut(5);
            there.markSoldOut(5);
            there.markSoldOut(6);

            here.reopen(5);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (there.isSoldOut(5) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(here.isSoldOut(5)).isFalse();
            assertThat(there.isSoldOut(5)).isFalse();
            assertThat(there.isSoldOut(6)).isTrue();
        }
    }
}
