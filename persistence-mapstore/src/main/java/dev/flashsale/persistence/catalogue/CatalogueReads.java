package dev.flashsale.persistence.catalogue;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.ProductPage;
import dev.flashsale.persistence.product.ProductRow;
import dev.flashsale.persistence.product.StockTotals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Catalogue reads that spare the primary: they go to the read replica while it is up and at most
 * {@link CatalogueReadSettings#maxLag()} behind, and to the primary otherwise. The replica's state is checked at most
 * once per {@link CatalogueReadSettings#checkInterval()}, not per query; a read that fails on the replica is answered
 * by the primary and marks the replica down until the next check. Without a replica every read goes to the primary.
 *
 * <p>Each read answered by the primary instead of the replica increments the counter
 * {@code inventory.persistence.replica.fallbacks} (tag {@code reason}: {@code down}, {@code not_replicating},
 * {@code lagging}); the gauge {@code inventory.persistence.replica.lag} shows the replica's lag in seconds (NaN when it
 * is not current). Each change between replica and primary is logged once.
 *
 * <p>What the replica returns may be up to the allowed lag old; reads that must see a write just made belong on the
 * primary. Thread-safe.
 */
public final class CatalogueReads {

    private final CatalogueReadSettings settings;
    private final ProductDao primary;
    private final Optional<ProductDao> replica;
    private final Optional<ReplicaMonitor> monitor;
    private final Map<FallbackReason, Counter> fallbacks = new EnumMap<>(FallbackReason.class);

    public CatalogueReads(Database database, CatalogueReadSettings settings, MeterRegistry meters) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(meters, "meters");
        this.settings = settings;
        this.primary = new ProductDao(database.primary());
        this.replica = database.replica().map(ProductDao::new);
        this.monitor = database.replica().map(jdbi -> new ReplicaMonitor(jdbi, settings, System::nanoTime));
        for (FallbackReason reason : FallbackReason.values()) {
            fallbacks.put(
                    reason,
                    Counter.builder("inventory.persistence.replica.fallbacks")
                            .description(
                                    "Catalogue reads answered by the primary because the replica could not be used")
                            .tag("reason", reason.tag())
                            .register(meters));
        }
        monitor.ifPresent(replicaMonitor -> Gauge.builder(
                        "inventory.persistence.replica.lag", replicaMonitor, ReplicaMonitor::lagSeconds)
                .description("How far the read replica is behind the primary, as last checked")
                .baseUnit("seconds")
                .register(meters));
    }

    public Optional<ProductRow> product(long id) {
        return read(dao -> dao.findById(id));
    }

    /** See {@link ProductDao#catalogue}. */
    public ProductPage catalogue(int page, int size) {
        return read(dao -> dao.catalogue(page, size));
    }

    /** See {@link ProductDao#search}. */
    public List<ProductRow> search(String text, int limit) {
        return read(dao -> dao.search(text, limit));
    }

    public Optional<StockTotals> stockTotals(long productId) {
        return read(dao -> dao.stockTotals(productId));
    }

    /**
     * The replica as catalogue reads see it: empty without a replica, else its health as last checked. Checks again
     * first when the last check is older than {@link CatalogueReadSettings#checkInterval()}, so a call may wait for
     * that check, up to the replica's connection and query timeouts; callers that must not wait call it on a thread of
     * their own.
     */
    public Optional<ReplicaHealth> replicaHealth() {
        return monitor.map(ReplicaMonitor::current);
    }

    /** When reads leave the replica. */
    public CatalogueReadSettings settings() {
        return settings;
    }

    /** True when reads go to the replica now (as last checked); false without a replica or while it is unusable. */
    public boolean readsFromReplica() {
        return monitor.map(replicaMonitor -> replicaMonitor.current() instanceof ReplicaHealth.Current)
                .orElse(false);
    }

    private <T> T read(Function<ProductDao, T> query) {
        if (replica.isEmpty() || monitor.isEmpty()) {
            return query.apply(primary);
        }
        if (monitor.get().current() instanceof ReplicaHealth.Unusable unusable) {
            fallbacks.get(unusable.reason()).increment();
            return query.apply(primary);
        }
        try {
            return query.apply(replica.get());
        } catch (PersistenceException failure) {
            monitor.get().readFailed(failure);
            fallbacks.get(FallbackReason.DOWN).increment();
            return query.apply(primary);
        }
    }
}
