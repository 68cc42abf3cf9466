package dev.flashsale.api.node;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a load balancer that keeps connections to the node (nginx's upstream {@code keepalive}) let go of them before the
 * node closes them, so that no request is on the wire to a closing connection. On shutdown, before Spring Boot's
 * graceful shutdown of the web server, and for {@code drain} (longer than the load balancer keeps an idle connection):
 *
 * <ol>
 *   <li>the node closes its listening socket: a new connection is refused, which the load balancer may pass to another
 *       node even for a POST (nothing was sent), and which takes this node out of its rotation;
 *   <li>it goes on serving the connections it has, each response with {@code Connection: close}, so the load balancer
 *       closes each of them after one more request, and closes the idle ones itself within its keep-alive timeout.
 * </ol>
 *
 * Then the web server's graceful shutdown finds no connection from the load balancer left to close. Without this, a
 * stopping node closed connections that nginx could be writing a POST on, which nginx cannot pass on (the 502s of
 * {@code docs/faults.md}, scenario 3). {@code drain} zero turns it off (the default: tests and nodes without a load
 * balancer stop at once).
 *
 * <p>Thread-safe.
 */
final class ShutdownDrain extends OncePerRequestFilter implements SmartLifecycle, TomcatConnectorCustomizer {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration drain;
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean draining;

    ShutdownDrain(Duration drain) {
        if (drain.isNegative()) {
            throw new IllegalArgumentException("a drain period is not negative: " + drain);
        }
        this.drain = drain;
    }

    @Override
    public void customize(Connector connector) {
        connectors.add(connector);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (draining) {
            response.setHeader("Connection", "close");
        }
        chain.doFilter(request, response);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Runs first on shutdown (the highest phase), before the web server's graceful shutdown. */
    @Override
    public void stop() {
        running = false;
        if (drain.isZero()) {
            return;
        }
        draining = true;
        for (Connector connector : connectors) {
            connector.getProtocolHandler().closeServerSocketGraceful();
        }
        log.info("shutdown: refusing new connections and closing each open one after its next answer, for {}", drain);
        try {
            Thread.sleep(drain);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Just above the web server's graceful shutdown (SmartLifecycle.DEFAULT_PHASE - 1024): higher phases stop
        // first.
        return SmartLifecycle.DEFAULT_PHASE - 1023;
    }
}
