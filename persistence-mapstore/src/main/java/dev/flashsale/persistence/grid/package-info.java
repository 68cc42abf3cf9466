/**
 * The adapters between the grid and the database: Hazelcast map stores and loaders over the DAOs, the sweeper that
 * writes again whatever a failed member's write-behind queue lost, and the persistence metrics.
 */
package dev.flashsale.persistence.grid;
