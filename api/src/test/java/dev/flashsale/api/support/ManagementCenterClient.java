package dev.flashsale.api.support;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.impl.clientside.HazelcastClientInstanceImpl;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MCGetClusterMetadataCodec;
import com.hazelcast.client.impl.protocol.codec.MCGetMapConfigCodec;
import com.hazelcast.client.impl.protocol.codec.MCReadMetricsCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.metrics.MetricConsumer;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.impl.MetricsCompressor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Hazelcast Java client that talks to members as Management Center does: it connects as a Management Center client
 * (connection type {@code MCJ}, the internal property {@code hazelcast.client.internal.mc.mode}) and sends the
 * protocol's Management Center messages ({@code MC*Codec}) through the client's invocation service, decoding the
 * metrics journal with the members' own {@link MetricsCompressor}. Members check these messages against their trusted
 * interfaces. Close it to disconnect.
 */
public final class ManagementCenterClient implements AutoCloseable {

    private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    private final HazelcastInstance client;
    private final HazelcastClientInstanceImpl invocations;

    private ManagementCenterClient(HazelcastInstance client) {
        this.client = client;
        this.invocations = ((HazelcastClientProxy) client).client;
    }

    /** Connects to the cluster {@code clusterName} through the member at {@code 127.0.0.1:memberPort}. */
    public static ManagementCenterClient connect(String clusterName, int memberPort) {
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.getNetworkConfig().addAddress("127.0.0.1:" + memberPort);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        config.setProperty("hazelcast.client.internal.mc.mode", "true");
        config.setProperty("hazelcast.logging.type", "slf4j");
        return new ManagementCenterClient(HazelcastClient.newHazelcastClient(config));
    }

    public Set<Member> members() {
        return client.getCluster().getMembers();
    }

    /** Management Center's first question: the cluster's state and version. */
    public MCGetClusterMetadataCodec.ResponseParameters clusterMetadata() throws ExecutionException {
        return MCGetClusterMetadataCodec.decodeResponse(invoke(MCGetClusterMetadataCodec.encodeRequest(), null));
    }

    /** A map's configuration as Management Center shows it, from any member. */
    public MCGetMapConfigCodec.ResponseParameters mapConfig(String map) throws ExecutionException {
        return MCGetMapConfigCodec.decodeResponse(invoke(MCGetMapConfigCodec.encodeRequest(map), null));
    }

    /**
     * The metrics in {@code member}'s journal from {@code fromSequence} on (each collection, every few seconds, is one
     * journal entry), and the sequence to read next.
     */
    public Metrics readMetrics(Member member, long fromSequence) throws ExecutionException {
        MCReadMetricsCodec.ResponseParameters response = MCReadMetricsCodec.decodeResponse(
                invoke(MCReadMetricsCodec.encodeRequest(member.getUuid(), fromSequence), member.getUuid()));
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<Long, byte[]> collection : response.elements) {
            MetricsCompressor.extractMetrics(collection.getValue(), new MetricConsumer() {
                @Override
                public void consumeLong(MetricDescriptor descriptor, long value) {
                    metrics.add(Metric.of(descriptor, value));
                }

                @Override
                public void consumeDouble(MetricDescriptor descriptor, double value) {
                    metrics.add(Metric.of(descriptor, value));
                }
            });
        }
        return new Metrics(metrics, response.nextSequence);
    }

    @Override
    public void close() {
        client.shutdown();
    }

    private ClientMessage invoke(ClientMessage request, UUID member) throws ExecutionException {
        ClientInvocation invocation = member == null
                ? new ClientInvocation(invocations, request, null)
                : new ClientInvocation(invocations, request, null, member);
        try {
            return invocation.invoke().get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (TimeoutException late) {
            throw new IllegalStateException("no answer within " + ANSWER_WAIT, late);
        }
    }

    /**
     * One metric as a member reports it, e.g. prefix {@code map}, discriminator {@code name} = {@code
     * inventory.stock}, metric {@code ownedEntryCount}.
     */
    public record Metric(String prefix, String discriminatorValue, String metric, double value) {

        static Metric of(MetricDescriptor descriptor, double value) {
            return new Metric(descriptor.prefix(), descriptor.discriminatorValue(), descriptor.metric(), value);
        }
    }

    /** The metrics of the journal entries read, and the sequence to read next. */
    public record Metrics(List<Metric> metrics, long nextSequence) {}
}
