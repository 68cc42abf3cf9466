/**
 * The node's embedded Hazelcast member and the engine on it: typed settings bound from {@code inventory.node.*},
 * the member's {@link com.hazelcast.config.Config} (from which Spring Boot's Hazelcast auto-configuration starts the
 * member), the {@link dev.flashsale.engine.grid.GridInventory} and {@link dev.flashsale.engine.grid.LedgerReaper}
 * beans. Their health and meters are in {@code monitoring}.
 */
package dev.flashsale.api.node;
