package dev.flashsale.engine.grid;

/** Names of the grid structures the engine owns, for configuration and monitoring. */
public final class InventoryMaps {

    /** Product id to stock and op memory; changed only by entry processors. */
    public static final String STOCK = "inventory.stock";

    /** (product id, buyer id) to the buyer's ledger for that product, co-located with the product's stock. */
    public static final String LEDGERS = "inventory.ledgers";

    /** Order id to the order; written behind to the database, kept while pending. */
    public static final String ORDERS = "inventory.orders";

    /** Product id to its rules of sale. */
    public static final String RULES = "inventory.rules";

    /**
     * Product id to its {@link dev.flashsale.engine.catalogue.CatalogueEntry}: loaded from the database's catalogue
     * on first use, near-cached on every member.
     */
    public static final String PRODUCTS = "inventory.products";

    private InventoryMaps() {}
}
