package dev.flashsale.engine.grid.internal;

import java.util.AbstractMap;

/** A plain map entry for calling an entry processor without a grid; counts {@link #setValue} calls. */
final class TestEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {

    private int writes;

    TestEntry(K key, V value) {
        super(key, value);
    }

    static <K, V> TestEntry<K, V> of(K key, V value) {
        return new TestEntry<>(key, value);
    }

    static <K, V> TestEntry<K, V> absent(K key) {
        return new TestEntry<>(key, null);
    }

    @Override
    public V setValue(V value) {
        writes++;
        return super.setValue(value);
    }

    /** How often a processor called {@link #setValue}. */
    int writes() {
        return writes;
    }
}
