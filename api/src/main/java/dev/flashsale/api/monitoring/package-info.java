/**
 * What a node tells its operators beyond Spring Boot's own: the health components of {@code /actuator/health} ({@code
 * grid}, {@code primary}, {@code replica}, {@code persistence}), of which only {@code grid} can take the node out, and
 * the grid maps' meters for {@code /actuator/prometheus}. {@code docs/operations.md} describes both.
 */
package dev.flashsale.api.monitoring;
