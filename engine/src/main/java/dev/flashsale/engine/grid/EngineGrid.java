package dev.flashsale.engine.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.flashsale.engine.grid.internal.EngineSerializers;

/**
 * Adds what the engine needs to a member's {@link Config}: its maps, their formats and backups, the Compact serializers
 * of every engine type, and the failure semantics the exactly-once design relies on. The cluster configuration calls
 * this once per member; tests call it too, so production and tests run the same setup.
 */
public final class EngineGrid {

    private EngineGrid() {}

    /** {@link #configure(Config, EngineSettings, CatalogueSettings)} with {@link CatalogueSettings#DEFAULTS}. */
    public static Config configure(Config config, EngineSettings settings) {
        return configure(config, settings, CatalogueSettings.DEFAULTS);
    }

    public static Config configure(Config config, EngineSettings settings, CatalogueSettings catalogue) {
        // OBJECT: entry processors work on the stored record directly, without a deserialize/serialize round trip.
        config.addMapConfig(new MapConfig(InventoryMaps.STOCK)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(true));
        // BINARY: ledgers are small, queried by recovery through an index, and read from other threads.
        config.addMapConfig(new MapConfig(InventoryMaps.LEDGERS)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(true)
                .addIndexConfig(new IndexConfig(IndexType.SORTED, "nextDeadline"))
                .addIndexConfig(new IndexConfig(IndexType.HASH, "productId")));
        // The map store (write-behind to the database) is added by the cluster configuration, which knows the database.
        config.addMapConfig(new MapConfig(InventoryMaps.ORDERS)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(true)
                .addIndexConfig(new IndexConfig(IndexType.HASH, "pending")));
        config.addMapConfig(new MapConfig(InventoryMaps.RULES)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(true));
        // The catalogue: read on every product page and rarely changed, so every member keeps a near copy (as objects,
        // handed out as they are: entries are immutable), its own partitions' entries included. A change invalidates
        // the copies on every member at once rather than in batches (the batching's default delay is up to 10 s);
        // only this map has a near cache, so nothing else sends invalidations. The loader is added by persistence.
        config.addMapConfig(new MapConfig(InventoryMaps.PRODUCTS)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(true)
                .setNearCacheConfig(new NearCacheConfig(InventoryMaps.PRODUCTS)
                        .setInMemoryFormat(InMemoryFormat.OBJECT)
                        .setInvalidateOnChange(true)
                        .setCacheLocalEntries(true)
                        .setTimeToLiveSeconds(
                                (int) catalogue.nearCacheTimeToLive().toSeconds())
                        .setEvictionConfig(new EvictionConfig()
                                .setEvictionPolicy(EvictionPolicy.LRU)
                                .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                                .setSize(catalogue.nearCacheMaxEntries()))));
        config.setProperty(ClusterProperty.MAP_INVALIDATION_MESSAGE_BATCH_ENABLED.getName(), "false");
        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        EngineSerializers.all().forEach(compact::addSerializer);
        // An operation whose primary left, or whose backup did not confirm, fails instead of being re-run blindly;
        // GridInventory retries it with the same op id, which the entry recognises.
        config.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "true");
        return config;
    }
}
