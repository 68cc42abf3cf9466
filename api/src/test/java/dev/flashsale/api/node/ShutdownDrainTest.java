package dev.flashsale.api.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node stopping with a drain period, as nginx sees it: new connections are refused at once (nginx may pass such a
 * request to the other node), while a connection it already holds is still answered, with {@code Connection: close},
 * and then closed by the node after that answer, never while a request could be on its way.
 */
class ShutdownDrainTest {

    private NodeDatabase database;
    private AppNode node;

    @BeforeEach
    void startNode() {
        database = NodeDatabase.create("shutdown_drain");
        int memberPort = AppNode.freePort();
        node = AppNode.start(
                "drain-" + UUID.randomUUID(),
                memberPort,
                List.of(memberPort),
                database,
                Map.of("inventory.node.shutdown-drain", "5s"));
    }

    @AfterEach
    void stopNode() throws SQLException {
        node.close();
        database.close();
    }

    @Test
    void refusesNewConnectionsButAnswersAnOpenOneWithConnectionCloseWhileItDrains() throws Exception {
        int port = node.httpPort();
        try (Socket held = new Socket("127.0.0.1", port)) {
            held.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            assertThat(exchange(held).toLowerCase(Locale.ROOT)).doesNotContain("connection: close");

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::close);
            awaitRefused(port);
            String answer = exchange(held);

            assertThat(answer).startsWith("HTTP/1.1 ");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
            assertThat(held.getInputStream().read())
                    .as("the node closes the connection after its answer")
                    .isEqualTo(-1);
            stopping.join();
        }
    }

    /** Sends a GET of the node's health on {@code socket} and returns the answer's head (status line and headers). */
    private static String exchange(Socket socket) throws IOException {
        socket.getOutputStream()
                .write("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the node closed the connection before answering: " + head);
            }
            head.write(next);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        var length = headers.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(
                        line.substring("content-length:".length()).trim()))
                .findFirst();
        if (length.isPresent()) {
            in.readNBytes(length.get());
        } else if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            // The body ends with the last, empty chunk.
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (!("\r\n" + body.toString(StandardCharsets.US_ASCII)).endsWith("\r\n0\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("the node closed the connection mid-answer");
                }
                body.write(next);
            }
        } else {
            // Neither: the body ends where the node closes the connection.
            in.readAllBytes();
        }
        return headers;
    }

    /** Waits until the node refuses new connections. */
    private static void awaitRefused(int port) throws InterruptedException {
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - giveUpAt < 0) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the node still accepts connections 60 s after its shutdown began");
    }
}
