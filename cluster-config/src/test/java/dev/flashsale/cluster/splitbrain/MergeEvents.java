package dev.flashsale.cluster.splitbrain;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.ArrayList;
import java.util.List;

/** Which members of a {@link CuttableCluster} began merging into the other side of a split, and which finished. */
final class MergeEvents {

    private final List<String> merging = new ArrayList<>();
    private final List<String> merged = new ArrayList<>();

    /** Listens to the lifecycle of the members, named in order. */
    static MergeEvents of(List<HazelcastInstance> members, List<String> names) {
        MergeEvents events = new MergeEvents();
        for (int index = 0; index < members.size(); index++) {
            String name = names.get(index);
            members.get(index).getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleState.MERGING) {
                    events.add(events.merging, name);
                } else if (event.getState() == LifecycleState.MERGED) {
                    events.add(events.merged, name);
                }
            });
        }
        return events;
    }

    private synchronized void add(List<String> list, String name) {
        list.add(name);
    }

    /** Some side merged, and every member that began merging has finished. */
    synchronized boolean finished() {
        return !merging.isEmpty() && merged.containsAll(merging);
    }

    synchronized List<String> merging() {
        return List.copyOf(merging);
    }

    @Override
    public synchronized String toString() {
        return "merging " + merging + ", merged " + merged;
    }
}
