package dev.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.MapStoreConfig;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.PersistenceSettings;
import dev.flashsale.persistence.grid.ProductMapLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The app node's configuration: the same member configuration, with the database's map stores attached. */
class PersistentMemberConfigTest {

    private static final ClusterSettings NODE_1 =
            ClusterSettings.of("flash-sale", "127.0.0.1", 5701, List.of("127.0.0.1:5701", "127.0.0.1:5702"));

    private static TestSchema schema;
    private static Database database;

    @BeforeAll
    static void openDatabase() {
        schema = TestDatabases.createSchema("member_config");
        database = schema.start();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    @Test
    void writesOrdersBehindInCoalescedBatches() {
        PersistenceSettings settings = PersistenceSettings.DEFAULTS;
        PersistentMember member = MemberConfigFactory.build(NODE_1, database, settings, new SimpleMeterRegistry());

        MapStoreConfig orders =
                member.config().getMapConfig(InventoryMaps.ORDERS).getMapStoreConfig();

        assertThat(orders.isEnabled()).isTrue();
        assertThat(orders.getWriteDelaySeconds())
                .isEqualTo(settings.writeDelay().toSeconds());
        assertThat(orders.getWriteBatchSize()).isEqualTo(settings.writeBatchSize());
        assertThat(orders.isWriteCoalescing()).isTrue();
        assertThat(member.persistence().database()).isSameAs(database);
    }

    @Test
    void loadsStockAtStartWhenAsked() {
        PersistentMember lazy =
                MemberConfigFactory.build(NODE_1, database, PersistenceSettings.DEFAULTS, new SimpleMeterRegistry());
        PersistentMember eager = MemberConfigFactory.build(
                NODE_1,
                database,
                PersistenceSettings.DEFAULTS.withLoadAllStockOnStart(true),
                new SimpleMeterRegistry());

        assertThat(stockLoading(lazy)).isEqualTo(MapStoreConfig.InitialLoadMode.LAZY);
        assertThat(stockLoading(eager)).isEqualTo(MapStoreConfig.InitialLoadMode.EAGER);
        assertThat(lazy.config()
                        .getMapConfig(InventoryMaps.RULES)
                        .getMapStoreConfig()
                        .isEnabled())
                .isTrue();
        assertThat(lazy.config()
                        .getMapConfig(InventoryMaps.PRODUCTS)
                        .getMapStoreConfig()
                        .getImplementation())
                .isInstanceOf(ProductMapLoader.class);
    }

    @Test
    void keepsTheMembersConfiguration() {
        PersistentMember member =
                MemberConfigFactory.build(NODE_1, database, PersistenceSettings.DEFAULTS, new SimpleMeterRegistry());

        assertThat(member.config().getClusterName()).isEqualTo("flash-sale");
        assertThat(member.config().getNetworkConfig().getPort()).isEqualTo(5701);
    }

    private static MapStoreConfig.InitialLoadMode stockLoading(PersistentMember member) {
        return member.config()
                .getMapConfig(InventoryMaps.STOCK)
                .getMapStoreConfig()
                .getInitialLoadMode();
    }
}
