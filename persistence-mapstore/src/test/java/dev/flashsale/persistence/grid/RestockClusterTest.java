package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridCatalogue;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.inventorylog.OperationId;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.RestockOutcome;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restocks go to the database first and then to the grid as the database's total ({@link CatalogueAdmin}): a stock
 * entry that loads after the restock committed is not given the units twice, and concurrent restocks end at the
 * database's total whichever the grid hears of first. Two members, each restocking through its own pools.
 */
class RestockClusterTest {

    private static final int INITIAL = 10;

    private static TestSchema schema;
    private static SaleDatabase database;
    private static ProductDao products;
    private static PersistentMembers members;
    private static CatalogueAdmin firstAdmin;
    private static CatalogueAdmin secondAdmin;

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("restock");
        database = SaleDatabase.of(schema);
        products = new ProductDao(database.jdbi());
        members = PersistentMembers.start(
                2, EngineSettings.DEFAULTS, PersistentMembers.fastPersistence(), schema.settings());
        firstAdmin = admin(members.member(0));
        secondAdmin = admin(members.member(1));
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    static CatalogueAdmin admin(PersistentMembers.Member member) {
        return new CatalogueAdmin(
                member.database(), new GridCatalogue(member.hazelcast(), EngineSettings.DEFAULTS), member.inventory());
    }

    @Test
    void countsARestockOnceWhenTheStockLoadsAfterItCommitted() {
        long product = database.createProduct(INITIAL);

        // The grid has not loaded this product: telling it the total loads stock_totals, which has the 5 already.
        RestockResult result = firstAdmin.restock(product, 5, OpId.random());

        assertThat(result).isInstanceOfSatisfying(RestockResult.Restocked.class, restocked -> {
            assertThat(restocked.database().received()).isEqualTo(15);
            assertThat(restocked.grid()).isEqualTo(new Outcome.Received(product, 15, 15, false));
        });
        assertThat(members.member(1).inventory().availability(product)).contains(Stock.initial(15));
    }

    @Test
    void addsARestockToStockTheGridLoadedBefore() {
        long product = database.createProduct(INITIAL);
        members.member(0).inventory().buy(product, "alice", 4, OpId.random());

        RestockResult result = secondAdmin.restock(product, 5, OpId.random());

        assertThat(result)
                .isInstanceOfSatisfying(
                        RestockResult.Restocked.class,
                        restocked ->
                                assertThat(restocked.grid()).isEqualTo(new Outcome.Received(product, 15, 11, true)));
        assertThat(members.member(0).inventory().availability(product)).contains(new Stock(15, 11, 0, 4));
    }

    @Test
    void neverDoubleCountsARestockRacingTheFirstLoadOfItsStock() throws Exception {
        List<Long> racing = database.createProducts(40, INITIAL);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = racing.stream()
                    .flatMap(product -> List.<Future<?>>of(
                            threads.submit(() -> {
                                start.await();
                                return firstAdmin.restock(product, 5, OpId.random());
                            }),
                            threads.submit(() -> {
                                start.await();
                                return members.member(1).inventory().availability(product);
                            }))
                            .stream())
                    .toList();
            start.countDown();
            for (Future<?> done : work) {
                done.get();
            }
        }

        for (long product : racing) {
            assertThat(database.totals(product).received()).isEqualTo(INITIAL + 5);
            assertThat(members.member(0).inventory().availability(product))
                    .as("product %d", product)
                    .contains(Stock.initial(INITIAL + 5));
        }
    }

    @Test
    void endsAtTheDatabasesTotalWhenTheGridHearsOfTwoRestocksInTheOtherOrder() {
        long product = database.createProduct(INITIAL);
        members.member(0).inventory().availability(product);
        OpId first = OpId.random();
        OpId second = OpId.random();
        long firstTotal = receivedAfter(products.restock(product, 3, OperationId.of("restock-" + first)));
        long secondTotal = receivedAfter(products.restock(product, 4, OperationId.of("restock-" + second)));

        assertThat(members.member(1).inventory().receive(product, secondTotal, second))
                .isEqualTo(new Outcome.Received(product, 17, 17, true));
        assertThat(members.member(0).inventory().receive(product, firstTotal, first))
                .isEqualTo(new Outcome.Received(product, 17, 17, false));

        assertThat(members.member(0).inventory().availability(product)).contains(Stock.initial(17));
    }

    @Test
    void endsAtTheDatabasesTotalAfterConcurrentRestocksFromBothMembers() throws Exception {
        List<Long> restocked = database.createProducts(30, INITIAL);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RestockResult>> work = restocked.stream()
                    .flatMap(product -> IntStream.rangeClosed(1, 2)
                            .mapToObj(number -> threads.submit(() -> {
                                start.await();
                                CatalogueAdmin admin =
                                        ThreadLocalRandom.current().nextBoolean() ? firstAdmin : secondAdmin;
                                return admin.restock(product, number == 1 ? 3 : 4, OpId.random());
                            })))
                    .toList();
            start.countDown();
            for (Future<RestockResult> done : work) {
                assertThat(done.get()).isInstanceOf(RestockResult.Restocked.class);
            }
        }

        for (long product : restocked) {
            assertThat(database.totals(product).received()).isEqualTo(INITIAL + 7);
            assertThat(members.member(1).inventory().availability(product))
                    .as("product %d", product)
                    .contains(Stock.initial(INITIAL + 7));
        }
    }

    @Test
    void appliesARepeatedRestockOnceAndAnswersItAsTheFirstTime() {
        long product = database.createProduct(INITIAL);
        members.member(0).inventory().availability(product);
        OpId restock = OpId.random();

        RestockResult first = firstAdmin.restock(product, 5, restock);
        RestockResult again = secondAdmin.restock(product, 5, restock);

        assertThat(again).isEqualTo(first);
        assertThat(database.totals(product).received()).isEqualTo(15);
        assertThat(members.member(1).inventory().availability(product)).contains(Stock.initial(15));
    }

    @Test
    void answersUnknownProductAndReceivesNothing() {
        assertThat(firstAdmin.restock(987_654, 5, OpId.random())).isEqualTo(new RestockResult.UnknownProduct(987_654));
    }

    @Test
    void publishesACreatedProductToEveryMembersCatalogue() {
        GridCatalogue elsewhere = new GridCatalogue(members.member(1).hazelcast(), EngineSettings.DEFAULTS);
        NewProduct kettle = new NewProduct(
                "KETTLE-" + System.nanoTime(),
                "Kettle",
                Optional.of("Boils water"),
                new BigDecimal("24.9"),
                7,
                OptionalInt.of(2));

        CreateProductOutcome created = firstAdmin.create(kettle);

        long id = ((CreateProductOutcome.Created) created).product().id();
        assertThat(elsewhere.product(id))
                .contains(new CatalogueEntry(
                        id,
                        kettle.sku(),
                        "Kettle",
                        Optional.of("Boils water"),
                        new BigDecimal("24.90"),
                        OptionalInt.of(2)));
        assertThat(firstAdmin.create(kettle)).isEqualTo(new CreateProductOutcome.DuplicateSku(kettle.sku()));
    }

    @Test
    void loadsAProductCreatedBehindTheGridsBackWhenFirstAskedFor() {
        GridCatalogue catalogue = new GridCatalogue(members.member(0).hazelcast(), EngineSettings.DEFAULTS);
        long product = database.createProduct(INITIAL);

        assertThat(catalogue.product(product)).hasValueSatisfying(entry -> {
            assertThat(entry.id()).isEqualTo(product);
            assertThat(entry.price()).isEqualTo(new BigDecimal("9.99"));
            assertThat(entry.perUserLimit()).isEmpty();
        });
        assertThat(catalogue.product(987_655)).isEmpty();
    }

    private static long receivedAfter(RestockOutcome outcome) {
        return ((RestockOutcome.Restocked) outcome).stock().received();
    }
}
