package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.grid.internal.StockRecords.Remembered;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpMemoryTest {

    static final long FOREVER = Long.MAX_VALUE / 4;

    static OpMemory boundedByCount(int maxCount) {
        return new OpMemory(maxCount, FOREVER);
    }

    /** Remembers op {@code (number, ~number)} at {@code now}, sold with quantity and figure derived from the number. */
    static void remember(OpMemory memory, long number, long now) {
        memory.remember(number, ~number, now, OpMemory.SOLD, quantityOf(number), number * 3);
    }

    static boolean knows(OpMemory memory, long number) {
        return memory.find(number, ~number) >= 0;
    }

    static int quantityOf(long number) {
        return (int) (number & 0xFFFF) + 1;
    }

    @Test
    void worksBeforeAndAfterItsFirstOperationAllocatesAnything() {
        OpMemory fresh = new OpMemory(1_000, 60_000);
        assertThat(fresh.find(1, 2)).isEqualTo(-1);
        fresh.forget(Long.MAX_VALUE);
        fresh.forEach((high, low, at, meta, available) -> {
            throw new AssertionError("an empty memory visits nothing");
        });
        assertThat(fresh.size()).isZero();

        fresh.remember(1, 2, 10, OpMemory.SOLD, 1, 5);
        assertThat(fresh.find(1, 2)).isNotNegative();
        OpMemory restored = new OpMemory(1_000, 60_000);
        restored.restore(3, 4, 10, OpMemory.pack(OpMemory.SOLD, 1), 5);
        assertThat(restored.find(3, 4)).isNotNegative();
    }

    @Test
    void remembersAndFindsAnOperation() {
        OpMemory memory = boundedByCount(10);
        memory.remember(1, 2, 1_000, OpMemory.RESERVED, 3, 7);

        int position = memory.find(1, 2);
        assertThat(position).isNotNegative();
        assertThat(memory.kindAt(position)).isEqualTo(OpMemory.RESERVED);
        assertThat(memory.quantityAt(position)).isEqualTo(3);
        assertThat(memory.availableAt(position)).isEqualTo(7);
        assertThat(memory.size()).isOne();
        assertThat(memory.find(1, 3)).isEqualTo(-1);
        assertThat(memory.find(2, 1)).isEqualTo(-1);
        assertThat(memory.shortestCountEvictionMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void keepsTheFullRangeOfKindQuantityAndFigure() {
        OpMemory memory = boundedByCount(10);
        memory.remember(5, 5, 0, OpMemory.ABORTED, Integer.MAX_VALUE, Long.MIN_VALUE);
        int position = memory.find(5, 5);
        assertThat(memory.kindAt(position)).isEqualTo(OpMemory.ABORTED);
        assertThat(memory.quantityAt(position)).isEqualTo(Integer.MAX_VALUE);
        assertThat(memory.availableAt(position)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void updatesAnOperationItRemembersInPlace() {
        OpMemory memory = boundedByCount(10);
        memory.remember(1, 2, 1_000, OpMemory.SOLD, 3, 7);
        memory.remember(1, 2, 2_000, OpMemory.ABORTED, 3, 10);

        assertThat(memory.size()).isOne();
        int position = memory.find(1, 2);
        assertThat(memory.kindAt(position)).isEqualTo(OpMemory.ABORTED);
        assertThat(memory.availableAt(position)).isEqualTo(10);
        assertThat(StockRecords.contents(memory))
                .containsExactly(new Remembered(1, 2, 1_000, OpMemory.pack(OpMemory.ABORTED, 3), 10));
    }

    @Test
    void forgetsTheOldestBeyondTheCountBoundAndRecordsHowYoungItWas() {
        OpMemory memory = boundedByCount(3);
        remember(memory, 1, 0);
        remember(memory, 2, 10);
        remember(memory, 3, 20);
        assertThat(memory.shortestCountEvictionMillis()).isEqualTo(Long.MAX_VALUE);

        remember(memory, 4, 25);
        assertThat(knows(memory, 1)).isFalse();
        assertThat(knows(memory, 2) && knows(memory, 3) && knows(memory, 4)).isTrue();
        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.shortestCountEvictionMillis()).isEqualTo(25);

        remember(memory, 5, 100);
        assertThat(knows(memory, 2)).isFalse();
        assertThat(memory.shortestCountEvictionMillis()).isEqualTo(25);

        remember(memory, 6, 101);
        remember(memory, 7, 102);
        remember(memory, 8, 103);
        assertThat(memory.shortestCountEvictionMillis())
                .as("op 5 went at age 3")
                .isEqualTo(3);
    }

    @Test
    void forgetsOperationsOlderThanTheAgeBound() {
        OpMemory memory = new OpMemory(100, 100);
        remember(memory, 1, 0);
        remember(memory, 2, 50);
        remember(memory, 3, 100);
        assertThat(knows(memory, 1)).as("exactly as old as the bound").isTrue();

        remember(memory, 4, 101);
        assertThat(knows(memory, 1)).isFalse();
        assertThat(knows(memory, 2)).isTrue();

        remember(memory, 5, 200);
        assertThat(knows(memory, 2)).isFalse();
        assertThat(knows(memory, 3) && knows(memory, 4) && knows(memory, 5)).isTrue();
        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.shortestCountEvictionMillis())
                .as("age evictions say nothing about the re-execution window")
                .isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 8, 9, 16, 17, 100, 1_024, 1_025})
    void keepsEveryOperationFindableWhileGrowingPastItsBound(int maxCount) {
        OpMemory memory = boundedByCount(maxCount);
        int total = maxCount * 3 + 5;
        for (int number = 0; number < total; number++) {
            remember(memory, number, number);
            int oldestKept = Math.max(0, number - maxCount + 1);
            assertThat(memory.size()).isEqualTo(number - oldestKept + 1);
            if (number < 2 * maxCount || number % 97 == 0 || number == total - 1) {
                for (int earlier = 0; earlier <= number; earlier++) {
                    int position = memory.find(earlier, ~earlier);
                    if (earlier < oldestKept) {
                        assertThat(position)
                                .as("op %d after %d", earlier, number)
                                .isEqualTo(-1);
                    } else {
                        assertThat(position)
                                .as("op %d after %d", earlier, number)
                                .isNotNegative();
                        assertThat(memory.quantityAt(position)).isEqualTo(quantityOf(earlier));
                        assertThat(memory.availableAt(position)).isEqualTo(earlier * 3L);
                    }
                }
            }
        }
    }

    @Test
    void keepsItsIndexExactUnderHeavyChurn() {
        int maxCount = 1_000;
        int total = 100_000;
        Random random = new Random(20_251_121);
        OpMemory memory = boundedByCount(maxCount);
        long[] high = new long[total];
        long[] low = new long[total];
        Set<List<Long>> seen = new HashSet<>();
        for (int i = 0; i < total; i++) {
            do {
                high[i] = random.nextLong();
                low[i] = random.nextLong();
            } while (!seen.add(List.of(high[i], low[i])));
            memory.remember(high[i], low[i], i, OpMemory.SOLD, i, i);
            if (i % 4_999 == 0) {
                for (int back = 0; back < maxCount && back <= i; back++) {
                    assertThat(memory.find(high[i - back], low[i - back])).isNotNegative();
                }
            }
        }

        assertThat(memory.size()).isEqualTo(maxCount);
        for (int i = 0; i < total; i++) {
            int position = memory.find(high[i], low[i]);
            if (i < total - maxCount) {
                assertThat(position).as("op %d is forgotten", i).isEqualTo(-1);
            } else {
                assertThat(position).as("op %d is remembered", i).isNotNegative();
                assertThat(memory.quantityAt(position)).isEqualTo(i);
            }
        }
    }

    @Test
    void agreesWithASimpleQueueUnderRandomTimesRepeatsAndBothBounds() {
        Random random = new Random(7);
        int maxCount = 64;
        long maxAge = 500;
        OpMemory memory = new OpMemory(maxCount, maxAge);
        Map<Long, Long> model = new LinkedHashMap<>();
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        long now = 0;
        long shortest = Long.MAX_VALUE;
        for (int step = 0; step < 50_000; step++) {
            now += random.nextInt(20);
            long number = random.nextInt(10) == 0 && !model.isEmpty()
                    ? new ArrayList<>(model.keySet()).get(random.nextInt(model.size()))
                    : random.nextInt(2_000);
            int quantity = random.nextInt(1_000) + 1;
            memory.remember(number, ~number, now, OpMemory.SOLD, quantity, 0);

            if (!model.containsKey(number)) {
                Deque<Long> order = new ArrayDeque<>(model.keySet());
                while (!order.isEmpty()) {
                    long oldest = order.peekFirst();
                    long age = now - model.get(oldest);
                    boolean tooOld = age > maxAge;
                    if (!tooOld && model.size() < maxCount) {
                        break;
                    }
                    if (!tooOld) {
                        shortest = Math.min(shortest, age);
                    }
                    model.remove(oldest);
                    order.removeFirst();
                }
                model.put(number, now);
            }
            quantities.put(number, quantity);

            assertThat(memory.size()).isEqualTo(model.size());
            assertThat(memory.shortestCountEvictionMillis()).isEqualTo(shortest);
            long probe = random.nextInt(2_000);
            int position = memory.find(probe, ~probe);
            assertThat(position >= 0).as("op %d at step %d", probe, step).isEqualTo(model.containsKey(probe));
            if (position >= 0) {
                assertThat(memory.quantityAt(position)).isEqualTo(quantities.get(probe));
            }
        }
        List<Long> remembered = new ArrayList<>();
        memory.forEach((high, low, at, meta, available) -> remembered.add(high));
        assertThat(remembered).containsExactlyElementsOf(model.keySet());
    }

    @Test
    void restoresExactlyWhatItVisits() {
        OpMemory memory = boundedByCount(5);
        for (int number = 0; number < 8; number++) {
            memory.remember(number, ~number, 100 + number, OpMemory.RESERVED, number + 1, 50 - number);
        }
        List<Remembered> contents = StockRecords.contents(memory);
        assertThat(contents).extracting(Remembered::at).containsExactly(103L, 104L, 105L, 106L, 107L);

        OpMemory restored = boundedByCount(5);
        memory.forEach(restored::restore);
        restored.restoreShortestCountEviction(memory.shortestCountEvictionMillis());

        assertThat(StockRecords.contents(restored)).isEqualTo(contents);
        assertThat(restored.size()).isEqualTo(memory.size());
        assertThat(restored.shortestCountEvictionMillis()).isEqualTo(5);
        for (int number = 3; number < 8; number++) {
            int position = restored.find(number, ~number);
            assertThat(restored.kindAt(position)).isEqualTo(OpMemory.RESERVED);
            assertThat(restored.quantityAt(position)).isEqualTo(number + 1);
            assertThat(restored.availableAt(position)).isEqualTo(50 - number);
        }
        assertThat(restored.find(2, ~2L)).isEqualTo(-1);

        remember(restored, 8, 108);
        assertThat(knows(restored, 3)).as("a restored memory keeps its bound").isFalse();
        assertThat(restored.size()).isEqualTo(5);
    }

    @Test
    void rejectsBoundsBelowOne() {
        assertThatThrownBy(() -> new OpMemory(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpMemory(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
