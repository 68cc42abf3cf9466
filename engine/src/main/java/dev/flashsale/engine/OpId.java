package dev.flashsale.engine;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identity of one stock operation: 128 random bits chosen by the caller. Re-executing an operation with the same id
 * returns its first result and changes nothing, which is what makes Hazelcast's at-least-once entry processors safe.
 *
 * <p>Immutable and thread-safe.
 */
public record OpId(long high, long low) {

    private static final HexFormat HEX = HexFormat.of();

    /** A new random id; collisions are as likely as for a random UUID. */
    public static OpId random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new OpId(random.nextLong(), random.nextLong());
    }

    /**
     * The id of the one operation that settles a hold on the stock (its confirmation, release or expiry): one hold is
     * settled once, whichever way it ends.
     */
    public static OpId settlementOf(long holdId) {
        return new OpId(holdId, 0x5E77_1E00_0000_0001L);
    }

    /** The id of the one operation that gives back the units of order {@code orderId} when its sale is reversed. */
    public static OpId returnOf(long orderId) {
        return new OpId(orderId, 0x5E77_1E00_0000_0002L);
    }

    /**
     * The id of the one operation that places hold {@code holdId}: a purchase resumed after its node died places the
     * same hold again, and the entry recognises it.
     */
    public static OpId reservationOf(long holdId) {
        return new OpId(holdId, 0x5E77_1E00_0000_0003L);
    }

    /** Parses the 32 hex digits that {@link #toString()} prints. */
    public static OpId parse(String text) {
        if (text == null || text.length() != 32) {
            throw new IllegalArgumentException("an op id is 32 hex digits: " + text);
        }
        return new OpId(HexFormat.fromHexDigitsToLong(text, 0, 16), HexFormat.fromHexDigitsToLong(text, 16, 32));
    }

    @Override
    public String toString() {
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }
}
