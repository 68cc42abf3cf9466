package dev.flashsale.persistence.grid;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.persistence.grid.PersistentMembers.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Buyers as the REST layer serves them: a sale is {@code buy} one unit, and on {@code Sold} place its CONFIRMED order
 * in the grid; only then is it acknowledged. Many buyers run at once on virtual threads. Order ids come from one
 * counter per instance, so they are unique positive longs. Thread-safe.
 */
final class Buyers {

    /** A sale acknowledged to its buyer: the order is in the grid. */
    record Sale(long orderId, long productId, String buyerId) {}

    /** What a run of buyers came to. */
    record Run(List<Sale> acknowledged, long soldOut, Map<String, Long> failures) {

        long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final AtomicLong orderIds = new AtomicLong(1_000);
    private final LongAdder acknowledgedSoFar = new LongAdder();

    /** Sales acknowledged by this instance's buyers so far, in every run. */
    long acknowledgedSoFar() {
        return acknowledgedSoFar.sum();
    }

    /**
     * One sale attempt through {@code via}: the acknowledged sale, or empty when the product was sold out.
     *
     * @throws IllegalStateException on any other outcome
     */
    Optional<Sale> buyOne(Member via, long productId, String buyerId) {
        Outcome outcome = via.inventory().buy(productId, buyerId, 1, OpId.random());
        return switch (outcome) {
            case Outcome.Sold sold -> {
                long orderId = orderIds.incrementAndGet();
                Order placed = via.orders()
                        .place(Order.placed(
                                orderId,
                                buyerId,
                                productId,
                                1,
                                OrderStatus.CONFIRMED,
                                "key-" + orderId,
                                System.currentTimeMillis()));
                if (placed.id() != orderId || placed.status() != OrderStatus.CONFIRMED) {
                    throw new IllegalStateException("placing order " + orderId + " answered " + placed);
                }
                acknowledgedSoFar.increment();
                yield Optional.of(new Sale(orderId, productId, buyerId));
            }
            case Outcome.SoldOut soldOut -> Optional.empty();
            default -> throw new IllegalStateException("a purchase of product " + productId + " answered " + outcome);
        };
    }

    /**
     * Runs {@code buyers} buyers at once, buyer {@code b} calling through {@code via[b % via.size()]} and buying
     * {@code attempts} times, each time the next product of {@code products} in turn.
     */
    Run run(int buyers, int attempts, List<Member> via, List<Long> products) {
        return run(buyers, via, products, attempt -> attempt < attempts, Duration.ZERO);
    }

    /** Runs {@code buyers} buyers at once until {@code keepBuying} turns false, each pausing {@code pause} between. */
    Run runWhile(int buyers, List<Member> via, List<Long> products, BooleanSupplier keepBuying, Duration pause) {
        return run(buyers, via, products, attempt -> keepBuying.getAsBoolean(), pause);
    }

    private interface Continue {
        boolean after(int attempts);
    }

    private Run run(int buyers, List<Member> via, List<Long> products, Continue more, Duration pause) {
        ConcurrentLinkedQueue<Sale> acknowledged = new ConcurrentLinkedQueue<>();
        LongAdder soldOut = new LongAdder();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < buyers; b++) {
                int buyer = b;
                futures.add(threads.submit(() -> {
                    start.await();
                    for (int attempt = 0; more.after(attempt); attempt++) {
                        long product = products.get((buyer + attempt) % products.size());
                        try {
                            buyOne(via.get(buyer % via.size()), product, "buyer-" + buyer)
                                    .ifPresentOrElse(acknowledged::add, soldOut::increment);
                        } catch (RuntimeException failure) {
                            if (failures.merge(failure.getClass().getSimpleName(), 1L, Long::sum) == 1L) {
                                System.out.println("first " + failure.getClass().getSimpleName() + " of a buyer:");
                                failure.printStackTrace(System.out);
                            }
                        }
                        if (!pause.isZero()) {
                            Thread.sleep(pause);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } catch (Exception failure) {
            throw new IllegalStateException("buyers did not finish: " + failure, failure);
        }
        return new Run(List.copyOf(acknowledged), soldOut.sum(), Map.copyOf(failures));
    }
}
