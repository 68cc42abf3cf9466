package dev.flashsale.api.support;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.InventoryApplication;
import dev.flashsale.webtest.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole app node in this JVM, as {@code scripts/node} runs it: the Spring application with its embedded member on a
 * given loopback port, HTTP on a random port, pointed at a {@link NodeDatabase}. Several of them form a cluster.
 * Properties are passed as command-line arguments, so they override {@code application.properties}. Without a
 * witness, split-brain protection is off ({@code inventory.node.minimum-cluster-size=1}) unless {@code extra} says
 * otherwise.
 */
public final class AppNode implements AutoCloseable {

    /** The key that signs buyer tokens on test nodes. */
    public static final String JWT_SECRET = TestTokens.SECRET;

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private final ConfigurableApplicationContext context;

    private AppNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a node whose member listens on {@code memberPort} and joins {@code members} of {@code clusterName}; {@code
     * extra} properties override the rest.
     */
    public static AppNode start(
            String clusterName,
            int memberPort,
            List<Integer> members,
            NodeDatabase database,
            Map<String, String> extra) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--server.address=127.0.0.1");
        arguments.add("--server.port=0");
        arguments.add("--inventory.node.cluster-name=" + clusterName);
        arguments.add("--inventory.node.address=127.0.0.1");
        arguments.add("--inventory.node.port=" + memberPort);
        arguments.add("--inventory.node.members="
                + String.join(
                        ",", members.stream().map(port -> "127.0.0.1:" + port).toList()));
        arguments.add("--inventory.security.jwt-secret=" + JWT_SECRET);
        arguments.add("--inventory.security.admin-user=" + ADMIN_USER);
        arguments.add("--inventory.security.admin-password=" + ADMIN_PASSWORD);
        // One argument per property: Spring joins the values of a repeated one with commas.
        Map<String, String> properties = new LinkedHashMap<>(database.properties());
        // No witness among the test nodes: split-brain protection is off unless a test asks for it.
        properties.put("inventory.node.minimum-cluster-size", "1");
        properties.putAll(extra);
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new AppNode(SpringApplication.run(InventoryApplication.class, arguments.toArray(String[]::new)));
    }

    public int httpPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort() + path;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean running() {
        return context.isActive();
    }

    /** Ends the node as kill -9 would for its peers: the member vanishes without handing anything over. */
    public void terminate() {
        bean(HazelcastInstance.class).getLifecycleService().terminate();
        context.close();
    }

    /** Graceful shutdown, as on SIGTERM. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    /**
     * Waits until every node sees exactly these nodes as members and the partitions are safe (every backup in place):
     * before that, terminating a node can lose data that has no backup yet. After a node was terminated, call it with
     * the survivors to wait until they no longer count it.
     */
    public static void awaitSafe(AppNode... nodes) {
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Arrays.stream(nodes).allMatch(node -> node.sees(nodes.length))) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new IllegalStateException("the cluster of " + nodes.length + " nodes is not safe after 60 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private boolean sees(int members) {
        HazelcastInstance member = bean(HazelcastInstance.class);
        return member.getCluster().getMembers().size() == members
                && member.getPartitionService().isClusterSafe();
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
