/**
 * Products and their stock totals: creating and restocking products, the catalogue, and loading every product's
 * stock totals in keyset pages.
 */
package dev.flashsale.persistence.product;
