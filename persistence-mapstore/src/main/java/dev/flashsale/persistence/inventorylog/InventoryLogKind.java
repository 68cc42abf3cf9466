package dev.flashsale.persistence.inventorylog;

/** What a stock operation in the inventory log did. The quantity of an entry is always positive. */
public enum InventoryLogKind {
    /** The stock a product was created with. */
    INITIAL_STOCK,
    /** Stock received later. */
    RESTOCK,
    /** Stock held for a reservation. */
    HOLD,
    /** A hold given back: released by the buyer or expired. */
    HOLD_RELEASED,
    /** Stock sold by a confirmed order. */
    SALE,
    /** A sale cancelled: the stock is available again. */
    CANCELLED
}
