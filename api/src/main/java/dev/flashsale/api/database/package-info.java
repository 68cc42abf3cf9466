/**
 * The administrator's failover of the primary database: {@code /api/admin/database/primary} announces a promoted
 * replica as the cluster's primary, and every member moves its pool to it without a restart (see {@code
 * dev.flashsale.persistence.grid.PrimaryFailover} and {@code docs/faults.md}, scenario 5).
 */
package dev.flashsale.api.database;
