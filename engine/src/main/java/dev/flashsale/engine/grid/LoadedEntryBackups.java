package dev.flashsale.engine.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.query.Predicates;
import dev.flashsale.engine.grid.internal.ShareLoadedStockProcessor;
import dev.flashsale.engine.grid.internal.StockRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an entry that a read loaded from the database its backup replica. Hazelcast backs an entry up when it changes
 * or when its partition migrates, not when a read ({@code get}, a read-only entry processor) loads it through the map's
 * loader: such an entry lives on its owner alone. When the owner dies, the entry is gone from the grid and the next read
 * loads it again, which waits for the database and fails while the database is down (docs/faults.md, scenario 2).
 *
 * <p>Started on each member, it listens to the entries loaded on this member (their owner) and hands each to its
 * backup:
 *
 * <ul>
 *   <li>the rules of sale ({@link InventoryMaps#RULES}) and the catalogue ({@link InventoryMaps#PRODUCTS}), immutable
 *       values: {@code replace(key, value, value)}, a write that changes nothing and is backed up like any write. If
 *       the entry changed in between, the replace does nothing, and the change was backed up itself;
 *   <li>the stock ({@link InventoryMaps#STOCK}): {@code ShareLoadedStockProcessor}, which changes nothing on the
 *       primary (no stock event) and whose backup creates the entry with the loaded stock where the backup has none.
 *       The listener takes no value: a stock record is read on its partition thread only.
 * </ul>
 *
 * <p>Thread-safe. The replace runs on a virtual thread, never on Hazelcast's event thread.
 */
public final class LoadedEntryBackups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedEntryBackups.class);

    /** The maps of immutable values whose loaded entries this backs up by replacing them. */
    private static final List<String> VALUE_MAPS = List.of(InventoryMaps.RULES, InventoryMaps.PRODUCTS);

    private final ExecutorService replaces = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Runnable> stops = new ArrayList<>();

    private LoadedEntryBackups() {}

    /**
     * Starts backing up the entries loaded on this member. {@code stockLoadedAtStart} leaves the stock out: when every
     * product's stock is loaded at start-up, Hazelcast's bulk load backs each entry up itself, and a product created
     * later gets its stock by a change; listening would only double the start-up's work.
     */
    public static LoadedEntryBackups start(
            HazelcastInstance hazelcast, EngineSettings settings, boolean stockLoadedAtStart) {
        LoadedEntryBackups backups = new LoadedEntryBackups();
        GridCalls calls = new GridCalls(settings.callDeadline());
        for (String name : VALUE_MAPS) {
            IMap<Object, Object> map = calls.map(hazelcast, name);
            EntryLoadedListener<Object, Object> loaded = event -> {
                Object key = event.getKey();
                Object value = event.getValue();
                if (value != null) {
                    backups.backUp(name, key, () -> map.replace(key, value, value));
                }
            };
            UUID registration = map.addLocalEntryListener(loaded);
            backups.stops.add(() -> map.removeEntryListener(registration));
        }
        if (stockLoadedAtStart) {
            return backups;
        }
        IMap<Long, StockRecord> stock = calls.map(hazelcast, InventoryMaps.STOCK);
        int maxCount = settings.opMemoryCount();
        long maxAgeMillis = settings.opMemoryAge().toMillis();
        EntryLoadedListener<Long, StockRecord> loadedStock = event -> {
            Long productId = event.getKey();
            backups.backUp(
                    InventoryMaps.STOCK,
                    productId,
                    () -> stock.executeOnKey(productId, new ShareLoadedStockProcessor(maxCount, maxAgeMillis)));
        };
        UUID registration = stock.addLocalEntryListener(loadedStock, Predicates.alwaysTrue(), false);
        backups.stops.add(() -> stock.removeEntryListener(registration));
        return backups;
    }

    private void backUp(String mapName, Object key, Runnable write) {
        try {
            replaces.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException failure) {
                    // Only the backup is missing: the entry is loaded again if its owner dies. Nothing to retry.
                    LOG.debug("could not back up the loaded entry {} of {}: {}", key, mapName, failure.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            // This member is stopping.
        }
    }

    @Override
    public void close() {
        stops.forEach(stop -> {
            try {
                stop.run();
            } catch (RuntimeException failure) {
                LOG.debug("could not remove a loaded-entry listener: {}", failure.toString());
            }
        });
        replaces.shutdown();
    }
}
