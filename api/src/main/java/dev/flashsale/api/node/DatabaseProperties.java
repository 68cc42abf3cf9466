package dev.flashsale.api.node;

import dev.flashsale.persistence.DatabaseSettings;
import dev.flashsale.persistence.catalogue.CatalogueReadSettings;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The node's database settings as bound from {@code inventory.db.*}. The account has no default outside the {@code
 * local} profile; every tunable left out takes the default of {@link DatabaseSettings#of} or {@link
 * CatalogueReadSettings#defaults()}, which also validate the result.
 *
 * @param primaryUrl {@code inventory.db.primary-url}: JDBC URL of the primary ({@code INVENTORY_DB_PRIMARY_URL})
 * @param replicaUrl {@code inventory.db.replica-url}: JDBC URL of the read replica; blank for none
 *     ({@code INVENTORY_DB_REPLICA_URL})
 * @param user {@code inventory.db.user} ({@code INVENTORY_DB_USER})
 * @param password {@code inventory.db.password} ({@code INVENTORY_DB_PASSWORD})
 * @param primaryPoolSize {@code inventory.db.primary-pool-size}, default 8
 * @param replicaPoolSize {@code inventory.db.replica-pool-size}, default 10
 * @param headroom {@code inventory.db.headroom}: connections of each server kept for everything else, default 20
 * @param connectionBudget {@code inventory.db.connection-budget}: each server's {@code max_connections}, default 300
 * @param connectionTimeout {@code inventory.db.connection-timeout}, default 5s
 * @param replicaTimeout {@code inventory.db.replica-timeout}, default 1s
 * @param replicaMaxLag {@code inventory.db.replica-max-lag}: catalogue reads leave a replica further behind, default 5s
 */
@ConfigurationProperties("inventory.db")
record DatabaseProperties(
        String primaryUrl,
        String replicaUrl,
        String user,
        String password,
        Integer primaryPoolSize,
        Integer replicaPoolSize,
        Integer headroom,
        Integer connectionBudget,
        Duration connectionTimeout,
        Duration replicaTimeout,
        Duration replicaMaxLag) {

    /**
     * The validated settings for a cluster of {@code members} nodes, each opening these pools; throws {@link
     * IllegalArgumentException} naming what is missing or wrong.
     */
    DatabaseSettings toSettings(int members) {
        if (blank(primaryUrl)) {
            throw new IllegalArgumentException(
                    "set inventory.db.primary-url (environment INVENTORY_DB_PRIMARY_URL), e.g. jdbc:mysql://host:3306/inventory");
        }
        if (blank(user) || password == null || password.isEmpty()) {
            throw new IllegalArgumentException(
                    "set the database account: INVENTORY_DB_USER and INVENTORY_DB_PASSWORD (inventory.db.user, .password);"
                            + " the local profile has defaults");
        }
        DatabaseSettings defaults = DatabaseSettings.of(primaryUrl, replica(), user, password);
        return defaults.withPoolSizes(
                        or(primaryPoolSize, defaults.primaryPoolSize()),
                        or(replicaPoolSize, defaults.replicaPoolSize()))
                .withBudget(
                        members, or(headroom, defaults.headroom()), or(connectionBudget, defaults.connectionBudget()))
                .withTimeouts(
                        or(connectionTimeout, defaults.connectionTimeout()),
                        or(replicaTimeout, defaults.replicaTimeout()));
    }

    CatalogueReadSettings toCatalogueReadSettings() {
        CatalogueReadSettings defaults = CatalogueReadSettings.defaults();
        return new CatalogueReadSettings(or(replicaMaxLag, defaults.maxLag()), defaults.checkInterval());
    }

    private Optional<String> replica() {
        return blank(replicaUrl) ? Optional.empty() : Optional.of(replicaUrl.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
