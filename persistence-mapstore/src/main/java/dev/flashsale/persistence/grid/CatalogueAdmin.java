package dev.flashsale.persistence.grid;

import dev.flashsale.engine.Inventory;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.GridCatalogue;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.inventorylog.OperationId;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.RestockOutcome;
import dev.flashsale.persistence.product.StockTotals;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's changes to the catalogue and its supply: the database is the authority for both, so each change
 * is written to the primary first and the grid is told afterwards.
 *
 * <ul>
 *   <li>{@link #create}: the product, its stock totals and its INITIAL_STOCK log entry in one transaction; then the
 *       catalogue entry is published to the grid (which also clears any member's remembered "unknown" for the id).
 *       The stock loads into the grid from {@code stock_totals} when the product is first touched.
 *   <li>{@link #restock}: the RESTOCK log entry and the new {@code received} in one transaction, once per operation;
 *       then the grid is told the database's total ({@link Inventory#receive}), never "add q": a stock entry loaded
 *       after the commit holds those units already and stays as it is, and concurrent restocks end at the database's
 *       total in whichever order the grid hears of them.
 * </ul>
 *
 * <p>Both need the database: a {@link PersistenceException} means it could not be reached and nothing was changed by
 * this call. If the database committed and the grid could not be told (its operations time out), the units are in the
 * database and reach the grid with the next restock of the product or when its stock is next loaded; repeating the
 * restock with the same op id is safe.
 *
 * <p>Thread-safe.
 */
public final class CatalogueAdmin {

    private static final Logger log = LoggerFactory.getLogger(CatalogueAdmin.class);

    private final ProductDao products;
    private final GridCatalogue catalogue;
    private final Inventory inventory;

    public CatalogueAdmin(Database database, GridCatalogue catalogue, Inventory inventory) {
        this.products =
                new ProductDao(Objects.requireNonNull(database, "database").primary());
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
    }

    /**
     * Creates the product in the database and publishes its catalogue entry to the grid.
     *
     * @return {@link CreateProductOutcome.Created} with the stored product and its initial stock totals, or {@link
     *     CreateProductOutcome.DuplicateSku}
     * @throws PersistenceException when the database could not be reached; nothing was created
     */
    public CreateProductOutcome create(NewProduct product) {
        CreateProductOutcome outcome = products.create(product);
        if (outcome instanceof CreateProductOutcome.Created created) {
            try {
                catalogue.publish(ProductMapLoader.entry(created.product()));
            } catch (RuntimeException failure) {
                // Created all the same: the grid loads the product from the database when it is first asked for.
                log.warn(
                        "product {} is created but could not be published to the grid; it loads on first use",
                        created.product().id(),
                        failure);
            }
        }
        return outcome;
    }

    /**
     * Receives {@code quantity} more units of the product: in the database once per {@code opId} (the log's operation
     * id is {@code restock-<opId>}), then in the grid up to the database's total.
     *
     * @param quantity at least 1
     * @throws PersistenceException when the database could not be reached; nothing was received
     */
    public RestockResult restock(long productId, int quantity, OpId opId) {
        Objects.requireNonNull(opId, "opId");
        RestockOutcome stored = products.restock(productId, quantity, OperationId.of("restock-" + opId));
        StockTotals totals;
        switch (stored) {
            case RestockOutcome.Restocked restocked -> totals = restocked.stock();
            // A repeated operation: tell the grid the total as it is now, which includes this restock.
            case RestockOutcome.AlreadyRestocked again -> totals = again.stock();
            case RestockOutcome.UnknownProduct unknown -> {
                return new RestockResult.UnknownProduct(productId);
            }
        }
        return switch (inventory.receive(productId, totals.received(), opId)) {
            case Outcome.Received received -> new RestockResult.Restocked(totals, received);
            case Outcome other ->
                throw new IllegalStateException(
                        "product " + productId + " is in the database but the grid answered a receive with " + other);
        };
    }
}
