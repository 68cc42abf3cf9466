package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup replica receives after a change to an entry holding an immutable value: the resulting value, set as
 * it is. Never re-runs the command that produced it.
 */
public record ReplaceValueProcessor<K, V, R>(V value) implements EntryProcessor<K, V, R> {

    public ReplaceValueProcessor {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public R process(Map.Entry<K, V> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<K, V, R> getBackupProcessor() {
        return null;
    }
}
