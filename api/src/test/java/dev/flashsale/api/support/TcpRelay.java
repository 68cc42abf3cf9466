package dev.flashsale.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay from a loopback port to a server, for tests that take a shared server away from one app node and give
 * it back without stopping the server: {@link #cut()} drops every relayed connection and refuses new ones (accepted
 * and closed at once, as a server that went away), {@link #restore()} relays again. Thread-safe; close it to stop.
 */
public final class TcpRelay implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> relayed = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** A relay to {@code hostAndPort} ({@code host:port}), listening on a free loopback port. */
    public static TcpRelay to(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(
                hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        try {
            TcpRelay relay = new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
            Thread.ofVirtual().name("tcp-relay-" + relay.port()).start(relay::accept);
            return relay;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The loopback port to connect to instead of the server. */
    public int port() {
        return server.getLocalPort();
    }

    /** Drops every relayed connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        relayed.forEach(TcpRelay::closeQuietly);
        relayed.clear();
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                } else {
                    Thread.ofVirtual().start(() -> relay(client));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException unreachable) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        relayed.add(client);
        relayed.add(upstream);
        if (cut) {
            cut();
            return;
        }
        Thread.ofVirtual().start(() -> pump(client, upstream));
        pump(upstream, client);
    }

    /** Copies until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // One side closed or the relay was cut: close both below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            relayed.remove(from);
            relayed.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is all that is asked.
        }
    }
}
