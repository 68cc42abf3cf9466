/**
 * The append-only inventory log: one row per stock operation, recorded once under its operation id.
 */
package dev.flashsale.persistence.inventorylog;
