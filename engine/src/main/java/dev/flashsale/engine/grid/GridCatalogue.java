package dev.flashsale.engine.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The product catalogue as the grid holds it ({@link InventoryMaps#PRODUCTS}): what a product page shows beside the
 * stock. A product is loaded from the database the first time any member asks for it (the map's loader, added by the
 * persistence layer); after that every member answers from its near cache, without a network hop and without the
 * database, until the entry changes ({@link #publish}) or its near copy expires ({@link CatalogueSettings}).
 *
 * <p>An unknown product is remembered as unknown by each member that asked, for at most the near cache's time to live
 * or until it is published: publish a product right after creating it.
 *
 * <p>Thread-safe. Holds no resources of its own; one per member is enough, more are harmless.
 */
public final class GridCatalogue {

    private final IMap<Long, CatalogueEntry> products;
    private final GridCalls calls;

    public GridCatalogue(HazelcastInstance hazelcast, EngineSettings settings) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        this.calls = new GridCalls(Objects.requireNonNull(settings, "settings").callDeadline());
        this.products = hazelcast.getMap(InventoryMaps.PRODUCTS);
    }

    /** The product, from this member's near cache when it has it; empty if there is no such product. */
    public Optional<CatalogueEntry> product(long productId) {
        return Optional.ofNullable(calls.call(() -> products.get(productId)));
    }

    /** {@link #product(long)} without blocking the caller; completes on a grid thread, so do not block in stages. */
    public CompletionStage<Optional<CatalogueEntry>> productAsync(long productId) {
        return products.getAsync(productId).thenApply(Optional::ofNullable);
    }

    /**
     * Puts the product as the database now has it into the grid (after creating or changing it there), replacing
     * what the grid held and invalidating every member's near copy, including a remembered "unknown".
     */
    public void publish(CatalogueEntry entry) {
        Objects.requireNonNull(entry, "entry");
        calls.call(() -> {
            products.set(entry.id(), entry);
            return null;
        });
    }
}
