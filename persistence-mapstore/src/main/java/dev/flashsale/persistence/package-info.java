/**
 * Persistence of the inventory to MariaDB/MySQL: the {@link dev.flashsale.persistence.Database} factory (pools,
 * connection budget, migrations) and, in feature packages, small JDBI DAOs for orders, products and stock totals,
 * the inventory log, and catalogue reads routed to the replica. Nothing here uses Spring or Hazelcast; the map store
 * adapters build on these DAOs. Package {@code internal} is not part of the module's API.
 */
package dev.flashsale.persistence;
