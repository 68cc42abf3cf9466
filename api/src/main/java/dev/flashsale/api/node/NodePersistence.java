package dev.flashsale.api.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.flashsale.persistence.grid.PersistenceGrid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node's {@link PersistenceGrid} for as long as its member runs: started once the member has joined, and on
 * shutdown — after the web server drained and before the member leaves — writes every pending order this member owns
 * to the database and stops the sweeper. The member then hands its partitions over, so a pending order another member
 * now owns is written by that member (see {@code docs/persistence.md}).
 *
 * <p>Thread-safe.
 */
final class NodePersistence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodePersistence.class);

    private final PersistenceGrid persistence;

    NodePersistence(PersistenceGrid persistence, HazelcastInstance member) {
        this.persistence = persistence;
        persistence.start(member);
    }

    @Override
    public void close() {
        try {
            int written = persistence.flushOwnedPending();
            log.info("shutdown: wrote {} pending orders to the database", written);
        } catch (HazelcastInstanceNotActiveException stopped) {
            log.info("shutdown: the member stopped already; the other members write the orders it owned");
        } catch (RuntimeException failure) {
            log.warn(
                    "shutdown: could not write the pending orders this member owns; the other members take them over",
                    failure);
        } finally {
            persistence.close();
        }
    }
}
