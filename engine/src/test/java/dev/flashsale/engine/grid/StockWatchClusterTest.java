package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.SaleRules;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A watch on one product hears of its stock changes made through any member, of no other product's, and stops. */
class StockWatchClusterTest {

    static TestGrid grid;
    static GridInventory watching;
    static GridInventory selling;

    @BeforeAll
    static void start() {
        grid = TestGrid.start(2, TestGrid.fastSettings());
        watching = new GridInventory(grid.member(0), grid.settings());
        selling = new GridInventory(grid.member(1), grid.settings());
    }

    @AfterAll
    static void stop() {
        watching.close();
        selling.close();
        grid.close();
    }

    @Test
    void hearsOfEachChangeOfTheWatchedProductOnlyUntilClosed() throws InterruptedException {
        selling.open(11, 10, SaleRules.UNLIMITED, OpId.random());
        selling.open(12, 10, SaleRules.UNLIMITED, OpId.random());
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        StockWatch watch = watching.watch(11, heard::add);

        selling.buy(12, "gina", 1, OpId.random());
        selling.buy(11, "gina", 2, OpId.random());
        assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(11L);
        selling.receive(11, 20, OpId.random());
        assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(11L);

        watch.close();
        watch.close();
        selling.buy(11, "gina", 1, OpId.random());
        assertThat(heard.poll(Duration.ofMillis(500).toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
        assertThat(heard).isEmpty();
    }
}
