package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.internal.serialization.impl.compact.Schema;
import com.hazelcast.internal.serialization.impl.compact.SchemaService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import dev.flashsale.engine.grid.StockView;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.Claim;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.ledger.LedgerStep;
import dev.flashsale.engine.ledger.Settled;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderCommand;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round-trips a sample of every type {@link EngineSerializers} declares through a real Hazelcast serialization service,
 * and proves that each one (and everything nested in it) is written by the engine's own Compact serializers, never by
 * a fallback such as Compact's reflective serializer or Java serialization.
 */
class EngineSerializersTest {

    static final long PRODUCT = 101;
    static final OpId OP = new OpId(0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L);

    /** One sample per registered class, with distinct values in every field so that swapped fields show. */
    static Map<Class<?>, Object> samples() {
        Claim pending = new Claim(OP, 0, Claim.Kind.PURCHASE, Claim.Phase.PENDING, 3, 0, 9_001, 424_242);
        Claim hold = new Claim(new OpId(5, 6), 77, Claim.Kind.HOLD, Claim.Phase.CONFIRMING, 4, 8_000, 9_002);
        Settled settled = new Settled(new OpId(7, 8), 78, Settled.Ending.EXPIRED, 5, 11, 7_000);
        BuyerLedger ledger = new BuyerLedger(PRODUCT, "alice", 12, List.of(pending, hold), List.of(settled));
        Stock stock = new Stock(100, 60, 25, 15);
        OpMemory memory = new OpMemory(3, 60_000);
        for (int number = 1; number <= 5; number++) {
            memory.remember(number, -number, 1_000 * number, number, number * 2, 50 - number);
        }
        StockRecord record = new StockRecord(PRODUCT, stock, memory);
        Order order = new Order(
                9_001,
                "carol",
                PRODUCT,
                3,
                OrderStatus.CANCELLED,
                "key-9001",
                "the database refused it",
                1_000,
                2_000,
                3,
                2);

        Map<Class<?>, Object> samples = new LinkedHashMap<>();
        Stream.of(
                        OP,
                        stock,
                        new SaleRules(4),
                        new CatalogueEntry(
                                PRODUCT,
                                "SKU-101",
                                "Flash sale kettle",
                                Optional.of("Boils water, fast"),
                                new BigDecimal("1234567890.05"),
                                OptionalInt.of(3)),
                        new StockView(PRODUCT, stock, 3, 1_234),
                        record,
                        new LedgerKey(PRODUCT, "bob"),
                        pending,
                        settled,
                        ledger,
                        new Outcome.Sold(PRODUCT, 3, 57),
                        new Outcome.Reserved(PRODUCT, 77, 4, 8_000, 53),
                        new Outcome.Confirmed(PRODUCT, 77, 4),
                        new Outcome.Released(PRODUCT, 78, 5),
                        new Outcome.Restocked(PRODUCT, 20, 80),
                        new Outcome.Returned(PRODUCT, 2, 82),
                        new Outcome.Received(PRODUCT, 120, 85, true),
                        new Outcome.HoldsExpired(PRODUCT, 2, 9),
                        new Outcome.SoldOut(PRODUCT, 6, 5),
                        new Outcome.LimitReached(PRODUCT, 4, 3, 2),
                        new Outcome.TooManyHolds(PRODUCT, 16),
                        new Outcome.UnknownProduct(PRODUCT),
                        new Outcome.InProgress(PRODUCT),
                        new Outcome.AlreadyExists(PRODUCT),
                        new Outcome.Aborted(PRODUCT),
                        new Outcome.UnknownHold(PRODUCT, 79),
                        new Outcome.HoldExpired(PRODUCT, 80),
                        new Outcome.HoldReleased(PRODUCT, 81),
                        new Outcome.HoldAlreadyConfirmed(PRODUCT, 82),
                        new StockCommand.Sell(3),
                        new StockCommand.Hold(77, 4, 8_000),
                        new StockCommand.ConfirmHeld(77, 4),
                        new StockCommand.ReleaseHeld(78, 5),
                        new StockCommand.Restock(20),
                        new StockCommand.ReturnSold(2),
                        new StockCommand.ReceiveUpTo(120),
                        new LedgerCommand.Open(hold, 4, 16),
                        new LedgerCommand.Settle(OP, new Outcome.Reserved(PRODUCT, 77, 4, 8_000, 53)),
                        new LedgerCommand.Decide(77, Claim.Phase.RELEASING, 30_000),
                        new LedgerCommand.Complete(77),
                        new LedgerCommand.Abandon(OP),
                        new LedgerCommand.Forget(OP),
                        new LedgerStep.Proceed(4),
                        new LedgerStep.Answer(new Outcome.LimitReached(PRODUCT, 4, 3, 2)),
                        new StockCommandProcessor(OP, new StockCommand.Hold(77, 4, 8_000)),
                        new StockBackupProcessor(
                                stock, OP, 1_700_000_000_000L, OpMemory.RESERVED, 4, 53, 1_000, 60_000),
                        new SellBatchProcessor(new long[] {1, 3, 1}, new long[] {2, 4, 2}, new int[] {5, 6, 5}),
                        new SellBatchBackupProcessor(
                                stock,
                                1_700_000_000_000L,
                                new long[] {1, 3},
                                new long[] {2, 4},
                                new int[] {5, 6},
                                new long[] {55, 49},
                                1_000,
                                60_000),
                        new SellBatchOutcomes(
                                PRODUCT,
                                new int[] {OpMemory.SOLD, SellBatchOutcomes.SOLD_OUT, OpMemory.SOLD},
                                new int[] {5, 60, 5},
                                new long[] {55, 49, 55}),
                        new AbortProcessor(OP),
                        new CreateStockProcessor(OP, Stock.initial(100), 1_000, 60_000),
                        ReadStockProcessor.INSTANCE,
                        new LoadedStockBackupProcessor(stock, 1_000, 60_000),
                        new ShareLoadedStockProcessor(1_000, 60_000),
                        new LedgerCommandProcessor(new LedgerCommand.Decide(77, Claim.Phase.CONFIRMING, 30_000)),
                        new ReplaceValueProcessor<>(ledger),
                        order,
                        new OrderCommand.Place(Order.placed(9_002, "dan", PRODUCT, 1, OrderStatus.PENDING, "k", 5)),
                        new OrderCommand.Confirm(),
                        new OrderCommand.Cancel("the sale was reversed"),
                        new OrderCommand.MarkPersisted(3),
                        new OrderCommandProcessor(new OrderCommand.Cancel("the sale was reversed")),
                        new ReplaceValueProcessor<Long, Order, Order>(order))
                .forEach(sample -> samples.put(sample.getClass(), sample));
        return samples;
    }

    static Stream<Arguments> serializers() {
        return EngineSerializers.all().stream()
                .map(serializer -> Arguments.of(named(serializer.getTypeName(), serializer)));
    }

    static InternalSerializationService serializationService(SchemaService schemas) {
        SerializationConfig config = new SerializationConfig();
        EngineSerializers.all().forEach(config.getCompactSerializationConfig()::addSerializer);
        return (InternalSerializationService) new DefaultSerializationServiceBuilder()
                .setConfig(config)
                .setSchemaService(schemas)
                .build();
    }

    @Test
    void hasASampleForEveryRegisteredType() {
        Set<Class<?>> registered = EngineSerializers.all().stream()
                .map(CompactSerializer::getCompactClass)
                .collect(Collectors.toSet());
        assertThat(samples().keySet()).isEqualTo(registered);
    }

    @Test
    void roundTripsACatalogueEntryWithoutDescriptionOrLimitAndKeepsTheCentsOfItsPrice() {
        InternalSerializationService service = serializationService(new RecordingSchemaService());
        CatalogueEntry plain =
                new CatalogueEntry(7, "PLAIN", "Plain", Optional.empty(), new BigDecimal("9.9"), OptionalInt.empty());

        CatalogueEntry copy = service.toObject(service.toData(plain));

        assertThat(copy).isEqualTo(plain);
        assertThat(copy.price().toPlainString()).isEqualTo("9.90");
    }

    @Test
    void registersEachTypeOnceUnderItsOwnName() {
        List<CompactSerializer<?>> all = EngineSerializers.all();
        assertThat(all.stream().map(CompactSerializer::getCompactClass)).doesNotHaveDuplicates();
        assertThat(all.stream().map(CompactSerializer::getTypeName))
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("flashsale."));
    }

    @Test
    void registersEveryOutcomeCommandStepAndEntryProcessor() {
        Set<Class<?>> shipped = new HashSet<>();
        for (Class<?> sealed :
                List.of(Outcome.class, StockCommand.class, LedgerCommand.class, LedgerStep.class, OrderCommand.class)) {
            shipped.addAll(Arrays.asList(sealed.getPermittedSubclasses()));
        }
        new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.flashsale.engine")
                        .stream()
                        .filter(type -> type.isAssignableTo(EntryProcessor.class)
                                && !type.isInterface()
                                && !type.getModifiers().contains(JavaModifier.ABSTRACT))
                        .map(JavaClass::reflect)
                        .forEach(shipped::add);
        assertThat(shipped)
                .contains(
                        Outcome.Returned.class,
                        StockCommand.ReturnSold.class,
                        OrderCommand.Confirm.class,
                        StockCommandProcessor.class,
                        SellBatchProcessor.class,
                        SellBatchBackupProcessor.class,
                        ReplaceValueProcessor.class);

        Set<Class<?>> registered = EngineSerializers.all().stream()
                .map(CompactSerializer::getCompactClass)
                .collect(Collectors.toSet());
        assertThat(registered).containsAll(shipped);
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void roundTripsThroughItsOwnCompactSerializer(CompactSerializer<?> serializer) throws Exception {
        Object sample = samples().get(serializer.getCompactClass());
        assertThat(sample).as("sample of %s", serializer.getCompactClass()).isNotNull();
        RecordingSchemaService schemas = new RecordingSchemaService();
        InternalSerializationService service = serializationService(schemas);

        Data data = service.toData(sample);
        assertThat(data.getType()).isEqualTo(SerializationConstants.TYPE_COMPACT);
        assertThat(service.extractSchemaFromData(data).getTypeName()).isEqualTo(serializer.getTypeName());
        assertThat(schemas.typeNames())
                .as("every schema written, nested ones included, is one of the engine's")
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("flashsale."));

        Object copy = service.toObject(data);
        assertThat(copy).isExactlyInstanceOf(sample.getClass());
        assertSameState(copy, sample);
    }

    static void assertSameState(Object copy, Object sample) {
        switch (sample) {
            case StockRecord record -> {
                StockRecord copied = (StockRecord) copy;
                assertThat(copied.productId()).isEqualTo(record.productId());
                assertThat(copied.stock()).isEqualTo(record.stock());
                OpMemory memory = record.memory();
                assertThat(memory.size()).isEqualTo(3);
                assertThat(memory.shortestCountEvictionMillis()).isEqualTo(3_000);
                assertThat(copied.memory().maxCount()).isEqualTo(memory.maxCount());
                assertThat(copied.memory().maxAgeMillis()).isEqualTo(memory.maxAgeMillis());
                assertThat(copied.memory().shortestCountEvictionMillis())
                        .isEqualTo(memory.shortestCountEvictionMillis());
                assertThat(StockRecords.contents(copied.memory())).isEqualTo(StockRecords.contents(memory));
                assertThat(copied.memory().find(5, -5)).isNotNegative();
            }
            case ReadStockProcessor processor -> assertThat(copy).isSameAs(processor);
            case SellBatchOutcomes outcomes -> {
                SellBatchOutcomes copied = (SellBatchOutcomes) copy;
                assertThat(copied.size()).isEqualTo(3);
                for (int i = 0; i < outcomes.size(); i++) {
                    assertThat(copied.outcome(i)).isEqualTo(outcomes.outcome(i));
                }
                assertThat(copied).usingRecursiveComparison().isEqualTo(outcomes);
            }
            case Record value -> assertThat(copy).isEqualTo(value);
            default ->
                assertThat(copy)
                        .usingRecursiveComparison()
                        .withStrictTypeChecking()
                        .isEqualTo(sample);
        }
    }

    /** A schema service of one's own, to see every schema the serializers write. */
    static final class RecordingSchemaService implements SchemaService {

        private final Map<Long, Schema> schemas = new ConcurrentHashMap<>();

        @Override
        public Schema get(long schemaId) {
            return schemas.get(schemaId);
        }

        @Override
        public void put(Schema schema) {
            schemas.put(schema.getSchemaId(), schema);
        }

        @Override
        public void putLocal(Schema schema) {
            put(schema);
        }

        Set<String> typeNames() {
            return schemas.values().stream().map(Schema::getTypeName).collect(Collectors.toSet());
        }
    }
}
