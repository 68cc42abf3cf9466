package dev.flashsale.engine.grid.internal;

/**
 * The stock entry's memory of operations it has applied, so that a re-executed entry processor returns its first
 * result instead of applying its change twice.
 *
 * <p>Bounded by count and by age: an operation is forgotten once {@code maxCount} newer ones have been remembered or
 * once it is older than {@code maxAgeMillis}, whichever comes first. Only operations that changed stock are
 * remembered; a refusal changed nothing, so running it again is harmless. docs/engine.md explains why the bound is
 * safe.
 *
 * <p>Storage is a ring of primitive arrays in arrival order plus an open-addressing index, so remembering, finding and
 * forgetting are O(1) and no object is allocated per operation. Nothing is allocated until the first operation is
 * remembered, so a catalogue of a million products that never sell costs no memory here; after that the ring starts at
 * 8 slots and grows by doubling up to the bound.
 *
 * <p>Not thread-safe: confined to the partition thread that owns the entry (all access is from entry processors and
 * partition replication, which Hazelcast runs on that thread).
 */
public final class OpMemory {

    /** Outcome kinds remembered; the kind and quantity are packed into one long. */
    static final int SOLD = 1;

    static final int RESERVED = 2;
    static final int CONFIRMED = 3;
    static final int RELEASED = 4;
    static final int RESTOCKED = 5;
    static final int ABORTED = 6;
    static final int RETURNED = 7;
    static final int RECEIVED = 8;

    private static final int INITIAL_CAPACITY = 8;

    private final int maxCount;
    private final long maxAgeMillis;

    private long[] high;
    private long[] low;
    private long[] at;
    private long[] meta;
    private long[] available;
    /** Index slots hold ring position + 1; 0 is empty. Twice the ring's capacity keeps probes short. */
    private int[] index;

    private long head;
    private long tail;
    private long shortestCountEviction = Long.MAX_VALUE;

    public OpMemory(int maxCount, long maxAgeMillis) {
        if (maxCount < 1 || maxAgeMillis < 1) {
            throw new IllegalArgumentException("op memory bounds must be positive: " + maxCount + ", " + maxAgeMillis);
        }
        this.maxCount = maxCount;
        this.maxAgeMillis = maxAgeMillis;
    }

    public int maxCount() {
        return maxCount;
    }

    public long maxAgeMillis() {
        return maxAgeMillis;
    }

    public int size() {
        return (int) (tail - head);
    }

    /**
     * The youngest age, in milliseconds, at which an operation was ever forgotten because of the count bound
     * ({@link Long#MAX_VALUE} if none was): the shortest window in which this product recognised a re-execution. It
     * must stay above the longest time a re-execution or a recovery can take (docs/engine.md).
     */
    public long shortestCountEvictionMillis() {
        return shortestCountEviction;
    }

    /** The ring position of the remembered operation, or -1. */
    int find(long opHigh, long opLow) {
        if (index == null) {
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = hash(opHigh, opLow) & mask; ; slot = (slot + 1) & mask) {
            int entry = index[slot];
            if (entry == 0) {
                return -1;
            }
            int position = entry - 1;
            if (high[position] == opHigh && low[position] == opLow) {
                return position;
            }
        }
    }

    long atAt(int position) {
        return at[position];
    }

    int kindAt(int position) {
        return (int) (meta[position] >>> 32);
    }

    int quantityAt(int position) {
        return (int) meta[position];
    }

    long availableAt(int position) {
        return available[position];
    }

    /**
     * Remembers an operation applied at {@code now} (or updates it, if it is remembered already), first forgetting what
     * the bounds no longer allow.
     */
    void remember(long opHigh, long opLow, long now, int kind, int quantity, long availableAfter) {
        int known = find(opHigh, opLow);
        if (known >= 0) {
            meta[known] = pack(kind, quantity);
            available[known] = availableAfter;
            return;
        }
        forget(now);
        if (high == null) {
            allocate(INITIAL_CAPACITY);
        } else if (size() == capacity()) {
            allocate(Math.min(capacity() * 2, Integer.highestOneBit(Math.max(maxCount - 1, 1)) * 2));
        }
        int position = (int) (tail & (capacity() - 1));
        high[position] = opHigh;
        low[position] = opLow;
        at[position] = now;
        meta[position] = pack(kind, quantity);
        available[position] = availableAfter;
        tail++;
        insertIndex(position);
    }

    /** Forgets operations older than the age bound, and the oldest ones beyond the count bound. */
    void forget(long now) {
        while (size() > 0) {
            int oldest = (int) (head & (capacity() - 1));
            boolean tooOld = now - at[oldest] > maxAgeMillis;
            boolean tooMany = size() >= maxCount;
            if (!tooOld && !tooMany) {
                return;
            }
            if (!tooOld) {
                shortestCountEviction = Math.min(shortestCountEviction, now - at[oldest]);
            }
            removeIndex(oldest);
            head++;
        }
    }

    /** Calls {@code visitor} for every remembered operation, oldest first; for serialization. */
    void forEach(Visitor visitor) {
        for (long sequence = head; sequence < tail; sequence++) {
            int position = (int) (sequence & (capacity() - 1));
            visitor.visit(high[position], low[position], at[position], meta[position], available[position]);
        }
    }

    /** Restores one operation as {@link #forEach(Visitor)} gave it; for deserialization, oldest first. */
    void restore(long opHigh, long opLow, long when, long packedMeta, long availableAfter) {
        if (high == null) {
            allocate(INITIAL_CAPACITY);
        } else if (size() == capacity()) {
            allocate(capacity() * 2);
        }
        int position = (int) (tail & (capacity() - 1));
        high[position] = opHigh;
        low[position] = opLow;
        at[position] = when;
        meta[position] = packedMeta;
        available[position] = availableAfter;
        tail++;
        insertIndex(position);
    }

    void restoreShortestCountEviction(long millis) {
        shortestCountEviction = millis;
    }

    /** One remembered operation, as stored. */
    @FunctionalInterface
    interface Visitor {
        void visit(long opHigh, long opLow, long when, long packedMeta, long availableAfter);
    }

    static long pack(int kind, int quantity) {
        return ((long) kind << 32) | (quantity & 0xFFFF_FFFFL);
    }

    private int capacity() {
        return high == null ? 0 : high.length;
    }

    private void allocate(int capacity) {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldAt = at;
        long[] oldMeta = meta;
        long[] oldAvailable = available;
        long oldHead = head;
        long oldTail = tail;
        high = new long[capacity];
        low = new long[capacity];
        at = new long[capacity];
        meta = new long[capacity];
        available = new long[capacity];
        index = new int[capacity * 2];
        head = 0;
        tail = 0;
        if (oldHigh == null) {
            return;
        }
        int oldMask = oldHigh.length - 1;
        for (long sequence = oldHead; sequence < oldTail; sequence++) {
            int from = (int) (sequence & oldMask);
            int to = (int) tail;
            high[to] = oldHigh[from];
            low[to] = oldLow[from];
            at[to] = oldAt[from];
            meta[to] = oldMeta[from];
            available[to] = oldAvailable[from];
            tail++;
            insertIndex(to);
        }
    }

    private void insertIndex(int position) {
        int mask = index.length - 1;
        int slot = hash(high[position], low[position]) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = position + 1;
    }

    /** Removes a ring position from the index, shifting later probes back so that lookups stay correct. */
    private void removeIndex(int position) {
        int mask = index.length - 1;
        int slot = hash(high[position], low[position]) & mask;
        while (index[slot] != position + 1) {
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int entry = index[next] - 1;
            int home = hash(high[entry], low[entry]) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = 0;
    }

    private static int hash(long opHigh, long opLow) {
        long mixed = (opHigh ^ Long.rotateLeft(opLow, 32)) * 0x9E37_79B9_7F4A_7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
