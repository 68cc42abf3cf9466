package dev.flashsale.engine.grid.internal;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The Compact wire form of every type the engine stores in or ships through the grid. Nothing the engine puts on the
 * wire falls back to Java serialization or to Compact's reflective serializer: each type is declared here, and a test
 * round-trips every one.
 */
public final class EngineSerializers {

    private static final String PREFIX = "flashsale.";

    private EngineSerializers() {}

    /** All of them, for {@code SerializationConfig.getCompactSerializationConfig().addSerializer}. */
    public static List<CompactSerializer<?>> all() {
        List<CompactSerializer<?>> all = new ArrayList<>();
        all.addAll(values());
        all.addAll(outcomes());
        all.addAll(commands());
        all.addAll(processors());
        all.addAll(orders());
        return List.copyOf(all);
    }

    private static List<CompactSerializer<?>> values() {
        return List.of(
                of(
                        OpId.class,
                        "OpId",
                        (out, id) -> {
                            out.writeInt64("high", id.high());
                            out.writeInt64("low", id.low());
                        },
                        in -> new OpId(in.readInt64("high"), in.readInt64("low"))),
                of(
                        Stock.class,
                        "Stock",
                        (out, stock) -> {
                            out.writeInt64("received", stock.received());
                            out.writeInt64("available", stock.available());
                            out.writeInt64("held", stock.held());
                            out.writeInt64("sold", stock.sold());
                        },
                        in -> new Stock(
                                in.readInt64("received"),
                                in.readInt64("available"),
                                in.readInt64("held"),
                                in.readInt64("sold"))),
                of(
                        SaleRules.class,
                        "SaleRules",
                        (out, rules) -> out.writeInt32("perUserLimit", rules.perUserLimit()),
                        in -> new SaleRules(in.readInt32("perUserLimit"))),
                of(
                        CatalogueEntry.class,
                        "CatalogueEntry",
                        (out, entry) -> {
                            out.writeInt64("id", entry.id());
                            out.writeString("sku", entry.sku());
                            out.writeString("name", entry.name());
                            out.writeString("description", entry.description().orElse(null));
                            out.writeDecimal("price", entry.price());
                            out.writeNullableInt32(
                                    "perUserLimit",
                                    entry.perUserLimit().isPresent()
                                            ? entry.perUserLimit().getAsInt()
                                            : null);
                        },
                        in -> {
                            Integer limit = in.readNullableInt32("perUserLimit");
                            return new CatalogueEntry(
                                    in.readInt64("id"),
                                    in.readString("sku"),
                                    in.readString("name"),
                                    Optional.ofNullable(in.readString("description")),
                                    in.readDecimal("price"),
                                    limit == null ? OptionalInt.empty() : OptionalInt.of(limit));
                        }),
                of(
                        StockView.class,
                        "StockView",
                        (out, view) -> {
                            out.writeInt64("productId", view.productId());
                            out.writeCompact("stock", view.stock());
                            out.writeInt32("rememberedOps", view.rememberedOps());
                            out.writeInt64("shortestCountEvictionMillis", view.shortestCountEvictionMillis());
                        },
                        in -> new StockView(
                                in.readInt64("productId"),
                                in.readCompact("stock"),
                                in.readInt32("rememberedOps"),
                                in.readInt64("shortestCountEvictionMillis"))),
                of(
                        StockRecord.class,
                        "StockRecord",
                        EngineSerializers::writeStockRecord,
                        EngineSerializers::readStockRecord),
                of(
                        LedgerKey.class,
                        "LedgerKey",
                        (out, key) -> {
                            out.writeInt64("productId", key.productId());
                            out.writeString("buyerId", key.buyerId());
                        },
                        in -> new LedgerKey(in.readInt64("productId"), in.readString("buyerId"))),
                of(
                        Claim.class,
                        "Claim",
                        (out, claim) -> {
                            out.writeCompact("opId", claim.opId());
                            out.writeInt64("holdId", claim.holdId());
                            out.writeString("kind", claim.kind().name());
                            out.writeString("phase", claim.phase().name());
                            out.writeInt32("quantity", claim.quantity());
                            out.writeInt64("expiresAt", claim.expiresAt());
                            out.writeInt64("deadline", claim.deadline());
                            out.writeInt64("attempt", claim.attempt());
                        },
                        in -> new Claim(
                                in.readCompact("opId"),
                                in.readInt64("holdId"),
                                Claim.Kind.valueOf(in.readString("kind")),
                                Claim.Phase.valueOf(in.readString("phase")),
                                in.readInt32("quantity"),
                                in.readInt64("expiresAt"),
                                in.readInt64("deadline"),
                                in.readInt64("attempt"))),
                of(
                        Settled.class,
                        "Settled",
                        (out, settled) -> {
                            out.writeCompact("opId", settled.opId());
                            out.writeInt64("holdId", settled.holdId());
                            out.writeString("ending", settled.ending().name());
                            out.writeInt32("quantity", settled.quantity());
                            out.writeInt64("available", settled.available());
                            out.writeInt64("at", settled.at());
                        },
                        in -> new Settled(
                                in.readCompact("opId"),
                                in.readInt64("holdId"),
                                Settled.Ending.valueOf(in.readString("ending")),
                                in.readInt32("quantity"),
                                in.readInt64("available"),
                                in.readInt64("at"))),
                of(
                        BuyerLedger.class,
                        "BuyerLedger",
                        (out, ledger) -> {
                            out.writeInt64("productId", ledger.productId());
                            out.writeString("buyerId", ledger.buyerId());
                            out.writeInt64("purchased", ledger.purchased());
                            out.writeArrayOfCompact("claims", ledger.claims().toArray(Claim[]::new));
                            out.writeArrayOfCompact("recent", ledger.recent().toArray(Settled[]::new));
                            // Derived, written for queries: recovery finds overdue ledgers by it through an index.
                            out.writeInt64("nextDeadline", ledger.nextDeadline());
                        },
                        in -> new BuyerLedger(
                                in.readInt64("productId"),
                                in.readString("buyerId"),
                                in.readInt64("purchased"),
                                Arrays.asList(in.readArrayOfCompact("claims", Claim.class)),
                                Arrays.asList(in.readArrayOfCompact("recent", Settled.class)))));
    }

    private static List<CompactSerializer<?>> orders() {
        return List.of(
                of(
                        Order.class,
                        "Order",
                        (out, o) -> {
                            out.writeInt64("id", o.id());
                            out.writeString("buyerId", o.buyerId());
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("quantity", o.quantity());
                            out.writeString("status", o.status().name());
                            out.writeString("idempotencyKey", o.idempotencyKey());
                            out.writeString("cancelReason", o.cancelReason());
                            out.writeInt64("createdAtMillis", o.createdAtMillis());
                            out.writeInt64("updatedAtMillis", o.updatedAtMillis());
                            out.writeInt64("version", o.version());
                            out.writeInt64("persistedVersion", o.persistedVersion());
                            // Derived, written for queries: each member finds the pending orders it owns through an
                            // index.
                            out.writeBoolean("pending", o.pending());
                        },
                        in -> new Order(
                                in.readInt64("id"),
                                in.readString("buyerId"),
                                in.readInt64("productId"),
                                in.readInt32("quantity"),
                                OrderStatus.valueOf(in.readString("status")),
                                in.readString("idempotencyKey"),
                                in.readString("cancelReason"),
                                in.readInt64("createdAtMillis"),
                                in.readInt64("updatedAtMillis"),
                                in.readInt64("version"),
                                in.readInt64("persistedVersion"))),
                of(
                        OrderCommand.Place.class,
                        "PlaceOrder",
                        (out, c) -> out.writeCompact("order", c.order()),
                        in -> new OrderCommand.Place(in.readCompact("order"))),
                of(OrderCommand.Confirm.class, "ConfirmOrder", (out, c) -> {}, in -> new OrderCommand.Confirm()),
                of(
                        OrderCommand.Cancel.class,
                        "CancelOrder",
                        (out, c) -> out.writeString("reason", c.reason()),
                        in -> new OrderCommand.Cancel(in.readString("reason"))),
                of(
                        OrderCommand.MarkPersisted.class,
                        "MarkOrderPersisted",
                        (out, c) -> out.writeInt64("version", c.version()),
                        in -> new OrderCommand.MarkPersisted(in.readInt64("version"))),
                of(
                        OrderCommandProcessor.class,
                        "OrderCommandProcessor",
                        (out, p) -> out.writeCompact("command", p.command()),
                        in -> new OrderCommandProcessor(in.readCompact("command"))),
                replaceValue());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompactSerializer<?> replaceValue() {
        return of(
                (Class<ReplaceValueProcessor>) (Class) ReplaceValueProcessor.class,
                "ReplaceValueProcessor",
                (out, p) -> out.writeCompact("value", p.value()),
                in -> new ReplaceValueProcessor<>(in.readCompact("value")));
    }

    private static List<CompactSerializer<?>> outcomes() {
        return List.of(
                of(
                        Outcome.Sold.class,
                        "Sold",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("quantity", o.quantity());
                            out.writeInt64("available", o.available());
                        },
                        in -> new Outcome.Sold(
                                in.readInt64("productId"), in.readInt32("quantity"), in.readInt64("available"))),
                of(
                        Outcome.Reserved.class,
                        "Reserved",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt64("holdId", o.holdId());
                            out.writeInt32("quantity", o.quantity());
                            out.writeInt64("expiresAtMillis", o.expiresAtMillis());
                            out.writeInt64("available", o.available());
                        },
                        in -> new Outcome.Reserved(
                                in.readInt64("productId"),
                                in.readInt64("holdId"),
                                in.readInt32("quantity"),
                                in.readInt64("expiresAtMillis"),
                                in.readInt64("available"))),
                holdOutcome(
                        Outcome.Confirmed.class,
                        "Confirmed",
                        Outcome.Confirmed::holdId,
                        Outcome.Confirmed::quantity,
                        (in, product) ->
                                new Outcome.Confirmed(product, in.readInt64("holdId"), in.readInt32("quantity"))),
                holdOutcome(
                        Outcome.Released.class,
                        "Released",
                        Outcome.Released::holdId,
                        Outcome.Released::quantity,
                        (in, product) ->
                                new Outcome.Released(product, in.readInt64("holdId"), in.readInt32("quantity"))),
                of(
                        Outcome.Restocked.class,
                        "Restocked",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("quantity", o.quantity());
                            out.writeInt64("available", o.available());
                        },
                        in -> new Outcome.Restocked(
                                in.readInt64("productId"), in.readInt32("quantity"), in.readInt64("available"))),
                of(
                        Outcome.Received.class,
                        "Received",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt64("received", o.received());
                            out.writeInt64("available", o.available());
                            out.writeBoolean("changed", o.changed());
                        },
                        in -> new Outcome.Received(
                                in.readInt64("productId"),
                                in.readInt64("received"),
                                in.readInt64("available"),
                                in.readBoolean("changed"))),
                of(
                        Outcome.Returned.class,
                        "Returned",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("quantity", o.quantity());
                            out.writeInt64("available", o.available());
                        },
                        in -> new Outcome.Returned(
                                in.readInt64("productId"), in.readInt32("quantity"), in.readInt64("available"))),
                of(
                        Outcome.HoldsExpired.class,
                        "HoldsExpired",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("holds", o.holds());
                            out.writeInt64("units", o.units());
                        },
                        in -> new Outcome.HoldsExpired(
                                in.readInt64("productId"), in.readInt32("holds"), in.readInt64("units"))),
                of(
                        Outcome.SoldOut.class,
                        "SoldOut",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("requested", o.requested());
                            out.writeInt64("available", o.available());
                        },
                        in -> new Outcome.SoldOut(
                                in.readInt64("productId"), in.readInt32("requested"), in.readInt64("available"))),
                of(
                        Outcome.LimitReached.class,
                        "LimitReached",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("limit", o.limit());
                            out.writeInt32("alreadyCounted", o.alreadyCounted());
                            out.writeInt32("requested", o.requested());
                        },
                        in -> new Outcome.LimitReached(
                                in.readInt64("productId"),
                                in.readInt32("limit"),
                                in.readInt32("alreadyCounted"),
                                in.readInt32("requested"))),
                of(
                        Outcome.TooManyHolds.class,
                        "TooManyHolds",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeInt32("openHolds", o.openHolds());
                        },
                        in -> new Outcome.TooManyHolds(in.readInt64("productId"), in.readInt32("openHolds"))),
                productOutcome(Outcome.UnknownProduct.class, "UnknownProduct", Outcome.UnknownProduct::new),
                productOutcome(Outcome.InProgress.class, "InProgress", Outcome.InProgress::new),
                productOutcome(Outcome.AlreadyExists.class, "AlreadyExists", Outcome.AlreadyExists::new),
                productOutcome(Outcome.Aborted.class, "Aborted", Outcome.Aborted::new),
                holdOutcome(
                        Outcome.UnknownHold.class,
                        "UnknownHold",
                        Outcome.UnknownHold::holdId,
                        o -> 0,
                        (in, product) -> new Outcome.UnknownHold(product, in.readInt64("holdId"))),
                holdOutcome(
                        Outcome.HoldExpired.class,
                        "HoldExpired",
                        Outcome.HoldExpired::holdId,
                        o -> 0,
                        (in, product) -> new Outcome.HoldExpired(product, in.readInt64("holdId"))),
                holdOutcome(
                        Outcome.HoldReleased.class,
                        "HoldReleased",
                        Outcome.HoldReleased::holdId,
                        o -> 0,
                        (in, product) -> new Outcome.HoldReleased(product, in.readInt64("holdId"))),
                holdOutcome(
                        Outcome.HoldAlreadyConfirmed.class,
                        "HoldAlreadyConfirmed",
                        Outcome.HoldAlreadyConfirmed::holdId,
                        o -> 0,
                        (in, product) -> new Outcome.HoldAlreadyConfirmed(product, in.readInt64("holdId"))));
    }

    private static List<CompactSerializer<?>> commands() {
        return List.of(
                of(
                        StockCommand.Sell.class,
                        "Sell",
                        (out, c) -> out.writeInt32("quantity", c.quantity()),
                        in -> new StockCommand.Sell(in.readInt32("quantity"))),
                of(
                        StockCommand.Hold.class,
                        "Hold",
                        (out, c) -> {
                            out.writeInt64("holdId", c.holdId());
                            out.writeInt32("quantity", c.quantity());
                            out.writeInt64("expiresAt", c.expiresAt());
                        },
                        in -> new StockCommand.Hold(
                                in.readInt64("holdId"), in.readInt32("quantity"), in.readInt64("expiresAt"))),
                of(
                        StockCommand.ConfirmHeld.class,
                        "ConfirmHeld",
                        (out, c) -> {
                            out.writeInt64("holdId", c.holdId());
                            out.writeInt32("quantity", c.quantity());
                        },
                        in -> new StockCommand.ConfirmHeld(in.readInt64("holdId"), in.readInt32("quantity"))),
                of(
                        StockCommand.ReleaseHeld.class,
                        "ReleaseHeld",
                        (out, c) -> {
                            out.writeInt64("holdId", c.holdId());
                            out.writeInt32("quantity", c.quantity());
                        },
                        in -> new StockCommand.ReleaseHeld(in.readInt64("holdId"), in.readInt32("quantity"))),
                of(
                        StockCommand.Restock.class,
                        "Restock",
                        (out, c) -> out.writeInt32("quantity", c.quantity()),
                        in -> new StockCommand.Restock(in.readInt32("quantity"))),
                of(
                        StockCommand.ReceiveUpTo.class,
                        "ReceiveUpTo",
                        (out, c) -> out.writeInt64("receivedTotal", c.receivedTotal()),
                        in -> new StockCommand.ReceiveUpTo(in.readInt64("receivedTotal"))),
                of(
                        StockCommand.ReturnSold.class,
                        "ReturnSold",
                        (out, c) -> out.writeInt32("quantity", c.quantity()),
                        in -> new StockCommand.ReturnSold(in.readInt32("quantity"))),
                of(
                        LedgerCommand.Open.class,
                        "Open",
                        (out, c) -> {
                            out.writeCompact("claim", c.claim());
                            out.writeInt32("limit", c.limit());
                            out.writeInt32("maxOpen", c.maxOpen());
                        },
                        in -> new LedgerCommand.Open(
                                in.readCompact("claim"), in.readInt32("limit"), in.readInt32("maxOpen"))),
                of(
                        LedgerCommand.Settle.class,
                        "Settle",
                        (out, c) -> {
                            out.writeCompact("opId", c.opId());
                            out.writeCompact("stockOutcome", c.stockOutcome());
                        },
                        in -> new LedgerCommand.Settle(in.readCompact("opId"), in.readCompact("stockOutcome"))),
                of(
                        LedgerCommand.Decide.class,
                        "Decide",
                        (out, c) -> {
                            out.writeInt64("holdId", c.holdId());
                            out.writeString("decision", c.decision().name());
                            out.writeInt64("settleGraceMillis", c.settleGraceMillis());
                        },
                        in -> new LedgerCommand.Decide(
                                in.readInt64("holdId"),
                                Claim.Phase.valueOf(in.readString("decision")),
                                in.readInt64("settleGraceMillis"))),
                of(
                        LedgerCommand.Complete.class,
                        "Complete",
                        (out, c) -> out.writeInt64("holdId", c.holdId()),
                        in -> new LedgerCommand.Complete(in.readInt64("holdId"))),
                of(
                        LedgerCommand.Abandon.class,
                        "Abandon",
                        (out, c) -> out.writeCompact("opId", c.opId()),
                        in -> new LedgerCommand.Abandon(in.readCompact("opId"))),
                of(
                        LedgerCommand.Forget.class,
                        "Forget",
                        (out, c) -> out.writeCompact("opId", c.opId()),
                        in -> new LedgerCommand.Forget(in.readCompact("opId"))),
                of(
                        LedgerStep.Proceed.class,
                        "Proceed",
                        (out, s) -> out.writeInt32("quantity", s.quantity()),
                        in -> new LedgerStep.Proceed(in.readInt32("quantity"))),
                of(
                        LedgerStep.Answer.class,
                        "Answer",
                        (out, s) -> out.writeCompact("outcome", s.outcome()),
                        in -> new LedgerStep.Answer(in.readCompact("outcome"))));
    }

    private static List<CompactSerializer<?>> processors() {
        return List.of(
                of(
                        StockCommandProcessor.class,
                        "StockCommandProcessor",
                        (out, p) -> {
                            out.writeCompact("opId", p.opId());
                            out.writeCompact("command", p.command());
                        },
                        in -> new StockCommandProcessor(in.readCompact("opId"), in.readCompact("command"))),
                of(
                        StockBackupProcessor.class,
                        "StockBackupProcessor",
                        (out, p) -> {
                            out.writeCompact("stock", p.stock());
                            out.writeCompact("opId", p.opId());
                            out.writeInt64("at", p.at());
                            out.writeInt32("kind", p.kind());
                            out.writeInt32("quantity", p.quantity());
                            out.writeInt64("available", p.available());
                            out.writeInt32("maxCount", p.maxCount());
                            out.writeInt64("maxAgeMillis", p.maxAgeMillis());
                        },
                        in -> new StockBackupProcessor(
                                in.readCompact("stock"),
                                in.readCompact("opId"),
                                in.readInt64("at"),
                                in.readInt32("kind"),
                                in.readInt32("quantity"),
                                in.readInt64("available"),
                                in.readInt32("maxCount"),
                                in.readInt64("maxAgeMillis"))),
                of(
                        SellBatchProcessor.class,
                        "SellBatchProcessor",
                        (out, p) -> {
                            out.writeArrayOfInt64("opHigh", p.opHigh());
                            out.writeArrayOfInt64("opLow", p.opLow());
                            out.writeArrayOfInt32("quantities", p.quantities());
                        },
                        in -> new SellBatchProcessor(
                                in.readArrayOfInt64("opHigh"),
                                in.readArrayOfInt64("opLow"),
                                in.readArrayOfInt32("quantities"))),
                of(
                        SellBatchBackupProcessor.class,
                        "SellBatchBackupProcessor",
                        (out, p) -> {
                            out.writeCompact("stock", p.stock());
                            out.writeInt64("at", p.at());
                            out.writeArrayOfInt64("opHigh", p.opHigh());
                            out.writeArrayOfInt64("opLow", p.opLow());
                            out.writeArrayOfInt32("quantities", p.quantities());
                            out.writeArrayOfInt64("available", p.available());
                            out.writeInt32("maxCount", p.maxCount());
                            out.writeInt64("maxAgeMillis", p.maxAgeMillis());
                        },
                        in -> new SellBatchBackupProcessor(
                                in.readCompact("stock"),
                                in.readInt64("at"),
                                in.readArrayOfInt64("opHigh"),
                                in.readArrayOfInt64("opLow"),
                                in.readArrayOfInt32("quantities"),
                                in.readArrayOfInt64("available"),
                                in.readInt32("maxCount"),
                                in.readInt64("maxAgeMillis"))),
                of(
                        SellBatchOutcomes.class,
                        "SellBatchOutcomes",
                        (out, o) -> {
                            out.writeInt64("productId", o.productId());
                            out.writeArrayOfInt32("kinds", o.kinds());
                            out.writeArrayOfInt32("quantities", o.quantities());
                            out.writeArrayOfInt64("available", o.available());
                        },
                        in -> new SellBatchOutcomes(
                                in.readInt64("productId"),
                                in.readArrayOfInt32("kinds"),
                                in.readArrayOfInt32("quantities"),
                                in.readArrayOfInt64("available"))),
                of(
                        AbortProcessor.class,
                        "AbortProcessor",
                        (out, p) -> out.writeCompact("opId", p.opId()),
                        in -> new AbortProcessor(in.readCompact("opId"))),
                of(
                        CreateStockProcessor.class,
                        "CreateStockProcessor",
                        (out, p) -> {
                            out.writeCompact("opId", p.opId());
                            out.writeCompact("stock", p.stock());
                            out.writeInt32("maxCount", p.maxCount());
                            out.writeInt64("maxAgeMillis", p.maxAgeMillis());
                        },
                        in -> new CreateStockProcessor(
                                in.readCompact("opId"),
                                in.readCompact("stock"),
                                in.readInt32("maxCount"),
                                in.readInt64("maxAgeMillis"))),
                of(ReadStockProcessor.class, "ReadStockProcessor", (out, p) -> {}, in -> ReadStockProcessor.INSTANCE),
                of(
                        ShareLoadedStockProcessor.class,
                        "ShareLoadedStockProcessor",
                        (out, p) -> {
                            out.writeInt32("maxCount", p.maxCount());
                            out.writeInt64("maxAgeMillis", p.maxAgeMillis());
                        },
                        in -> new ShareLoadedStockProcessor(in.readInt32("maxCount"), in.readInt64("maxAgeMillis"))),
                of(
                        LoadedStockBackupProcessor.class,
                        "LoadedStockBackupProcessor",
                        (out, p) -> {
                            out.writeCompact("stock", p.stock());
                            out.writeInt32("maxCount", p.maxCount());
                            out.writeInt64("maxAgeMillis", p.maxAgeMillis());
                        },
                        in -> new LoadedStockBackupProcessor(
                                in.readCompact("stock"), in.readInt32("maxCount"), in.readInt64("maxAgeMillis"))),
                of(
                        LedgerCommandProcessor.class,
                        "LedgerCommandProcessor",
                        (out, p) -> out.writeCompact("command", p.command()),
                        in -> new LedgerCommandProcessor(in.readCompact("command"))));
    }

    private static void writeStockRecord(CompactWriter out, StockRecord record) {
        OpMemory memory = record.memory();
        int size = memory.size();
        long[] high = new long[size];
        long[] low = new long[size];
        long[] at = new long[size];
        long[] meta = new long[size];
        long[] available = new long[size];
        int[] next = {0};
        memory.forEach((opHigh, opLow, when, packedMeta, availableAfter) -> {
            int i = next[0]++;
            high[i] = opHigh;
            low[i] = opLow;
            at[i] = when;
            meta[i] = packedMeta;
            available[i] = availableAfter;
        });
        out.writeInt64("productId", record.productId());
        out.writeCompact("stock", record.stock());
        out.writeInt32("maxCount", memory.maxCount());
        out.writeInt64("maxAgeMillis", memory.maxAgeMillis());
        out.writeInt64("shortestCountEvictionMillis", memory.shortestCountEvictionMillis());
        out.writeArrayOfInt64("opHigh", high);
        out.writeArrayOfInt64("opLow", low);
        out.writeArrayOfInt64("opAt", at);
        out.writeArrayOfInt64("opMeta", meta);
        out.writeArrayOfInt64("opAvailable", available);
    }

    private static StockRecord readStockRecord(CompactReader in) {
        OpMemory memory = new OpMemory(in.readInt32("maxCount"), in.readInt64("maxAgeMillis"));
        memory.restoreShortestCountEviction(in.readInt64("shortestCountEvictionMillis"));
        long[] high = in.readArrayOfInt64("opHigh");
        long[] low = in.readArrayOfInt64("opLow");
        long[] at = in.readArrayOfInt64("opAt");
        long[] meta = in.readArrayOfInt64("opMeta");
        long[] available = in.readArrayOfInt64("opAvailable");
        for (int i = 0; i < high.length; i++) {
            memory.restore(high[i], low[i], at[i], meta[i], available[i]);
        }
        return new StockRecord(in.readInt64("productId"), in.readCompact("stock"), memory);
    }

    private static <T> CompactSerializer<T> of(
            Class<T> type, String name, BiConsumer<CompactWriter, T> writer, Function<CompactReader, T> reader) {
        return new RecordSerializer<>(type, PREFIX + name, writer, reader);
    }

    private static <T extends Outcome> CompactSerializer<T> productOutcome(
            Class<T> type, String name, java.util.function.LongFunction<T> factory) {
        return of(
                type,
                name,
                (out, o) -> out.writeInt64("productId", o.productId()),
                in -> factory.apply(in.readInt64("productId")));
    }

    /** Outcomes about one hold: product, hold and (where there is one) quantity. */
    private static <T extends Outcome> CompactSerializer<T> holdOutcome(
            Class<T> type,
            String name,
            java.util.function.ToLongFunction<T> holdId,
            java.util.function.ToIntFunction<T> quantity,
            java.util.function.BiFunction<CompactReader, Long, T> factory) {
        return of(
                type,
                name,
                (out, o) -> {
                    out.writeInt64("productId", o.productId());
                    out.writeInt64("holdId", holdId.applyAsLong(o));
                    out.writeInt32("quantity", quantity.applyAsInt(o));
                },
                in -> factory.apply(in, in.readInt64("productId")));
    }
}
