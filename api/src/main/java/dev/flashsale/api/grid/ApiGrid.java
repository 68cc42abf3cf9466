package dev.flashsale.api.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import dev.flashsale.api.idempotency.IdempotencySerializers;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.api.payment.PaymentSerializers;
import dev.flashsale.api.payment.SimulatedPaymentGateway;
import java.util.List;

/**
 * Declares the API's own maps on a member configuration: the remembered requests ({@link RequestMemory#MAP}) and the
 * simulated provider's charges ({@link SimulatedPaymentGateway#MAP}), each with synchronous backups and kept {@link
 * RequestMemory#RETENTION} after their last change, and their compact serializers. Stateless.
 */
public final class ApiGrid {

    /**
     * The API's maps whose changes need the quorum when split-brain protection is on: a request's claim and a charge
     * must be decided on the side of a split that keeps selling.
     */
    public static final List<String> PROTECTED_MAPS = List.of(RequestMemory.MAP, SimulatedPaymentGateway.MAP);

    private ApiGrid() {}

    public static Config configure(Config config, int backupCount) {
        int retentionSeconds = (int) RequestMemory.RETENTION.toSeconds();
        for (String map : new String[] {RequestMemory.MAP, SimulatedPaymentGateway.MAP}) {
            config.addMapConfig(new MapConfig(map)
                    .setInMemoryFormat(InMemoryFormat.BINARY)
                    .setBackupCount(backupCount)
                    .setAsyncBackupCount(0)
                    .setTimeToLiveSeconds(retentionSeconds)
                    .setStatisticsEnabled(true));
        }
        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        IdempotencySerializers.all().forEach(compact::addSerializer);
        PaymentSerializers.all().forEach(compact::addSerializer);
        return config;
    }
}
