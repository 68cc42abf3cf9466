package dev.flashsale.cluster.splitbrain;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Merges the two sides of a healed split so that the side that kept the quorum wins, whichever side Hazelcast merges
 * into which: the quorum side's entry replaces the other's, and an entry only the side without quorum has is dropped
 * when it arrives from that side. The side without quorum could change nothing since it lost the quorum, and what it
 * changed just before (in the seconds until failure detection) was never acknowledged, so its entries are at best
 * stale and at worst carry changes whose callers were told they failed.
 *
 * <p>Hazelcast runs a merge on the member that owns the entry's partition and hands this policy that member's
 * instance first ({@code DefaultRecordStore.merge} initializes it); the member's {@link MemberQuorum} tells which side
 * had the quorum ({@link MemberQuorum#mergingSideWins()}). Without one (a member without split-brain protection) the
 * existing entry stays, as with Hazelcast's {@code DiscardMergePolicy}.
 *
 * <p>Carries no state across the wire. Thread-safe: the instance it is handed is the member's, whichever thread sets
 * it.
 *
 * @param <V> the map's value type
 */
public final class QuorumSideMergePolicy<V>
        implements SplitBrainMergePolicy<V, MergingValue<V>, Object>, HazelcastInstanceAware {

    private transient volatile HazelcastInstance hazelcast;

    public QuorumSideMergePolicy() {}

    @Override
    public Object merge(MergingValue<V> mergingValue, MergingValue<V> existingValue) {
        HazelcastInstance instance = hazelcast;
        boolean mergingWins = instance != null
                && MemberQuorum.of(instance).map(MemberQuorum::mergingSideWins).orElse(false);
        if (mergingWins) {
            return mergingValue.getRawValue();
        }
        return existingValue == null ? null : existingValue.getRawValue();
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
