/**
 * What a node tells its operators beyond Spring Boot's own: the health components of {@code /actuator/health} ({@code
 * grid}, {@code primary}, {@code replica}, {@code persistence}), of which only {@code grid} can take the node out.
 * {@code docs/operations.md} describes them.
 */
package dev.flashsale.api.monitoring;
