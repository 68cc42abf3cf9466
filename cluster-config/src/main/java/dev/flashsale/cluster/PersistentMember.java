package dev.flashsale.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.persistence.grid.PersistenceGrid;
import java.util.Objects;

/**
 * An app node's member configuration with the database attached: start the member from {@link #config()}, then call
 * {@link PersistenceGrid#start(HazelcastInstance)} on {@link #persistence()} once it runs, and before it leaves
 * {@link PersistenceGrid#flushOwnedPending()} and {@link PersistenceGrid#close()}.
 *
 * <p>Immutable; the {@link Config} itself is mutable until the member starts from it.
 */
public record PersistentMember(Config config, PersistenceGrid persistence) {

    public PersistentMember {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(persistence, "persistence");
    }
}
