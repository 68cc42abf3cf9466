package dev.flashsale.persistence.grid;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Where the cluster's primary database is, as the administrator last announced it: a JDBC URL and the epoch of that
 * announcement. Epochs only grow (1 for the first announcement); a member follows the address with the highest epoch.
 * Stored in {@link PrimaryFailover#MAP}. Immutable.
 *
 * @param url JDBC URL of the primary ({@code jdbc:mysql://...})
 * @param epoch at least 1, one more than the announcement it replaced
 */
public record PrimaryAddress(String url, long epoch) {

    public PrimaryAddress {
        if (url == null || !url.startsWith("jdbc:mysql://")) {
            throw new IllegalArgumentException("url must be a jdbc:mysql:// URL: " + url);
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1: " + epoch);
        }
    }

    /** The address that replaces this one. */
    PrimaryAddress next(String newUrl) {
        return new PrimaryAddress(newUrl, epoch + 1);
    }

    /** Compact serialization of {@link PrimaryAddress}, type name {@code flashsale.PrimaryAddress}. Stateless. */
    static final class Serializer implements CompactSerializer<PrimaryAddress> {

        @Override
        public PrimaryAddress read(CompactReader reader) {
            return new PrimaryAddress(reader.readString("url"), reader.readInt64("epoch"));
        }

        @Override
        public void write(CompactWriter writer, PrimaryAddress address) {
            writer.writeString("url", address.url());
            writer.writeInt64("epoch", address.epoch());
        }

        @Override
        public String getTypeName() {
            return "flashsale.PrimaryAddress";
        }

        @Override
        public Class<PrimaryAddress> getCompactClass() {
            return PrimaryAddress.class;
        }
    }
}
