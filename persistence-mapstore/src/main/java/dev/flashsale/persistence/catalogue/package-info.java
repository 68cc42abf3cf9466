/**
 * Catalogue reads routed to the read replica while it is up and current, and to the primary otherwise.
 */
package dev.flashsale.persistence.catalogue;
