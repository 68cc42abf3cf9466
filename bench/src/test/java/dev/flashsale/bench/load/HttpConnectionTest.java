package dev.flashsale.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP/1.1 client against a loopback server that answers canned responses, one per request. */
class HttpConnectionTest {

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void readsContentLengthAndChunkedBodiesOnOneKeptAliveConnection() throws Exception {
        List<String> responses = List.of(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"orderId\":1}",
                "HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answer(server, responses));
            try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getLocalPort(), 5_000)) {
                assertThat(connection.exchange(REQUEST, status -> true))
                        .isEqualTo(new HttpConnection.Response(201, "{\"orderId\":1}"));
                assertThat(connection.exchange(REQUEST, status -> true))
                        .isEqualTo(new HttpConnection.Response(409, "{\"a\":1}"));
                assertThat(connection.exchange(REQUEST, status -> status == 201))
                        .isEqualTo(new HttpConnection.Response(200, ""));
                assertThat(connection.isOpen()).isTrue();
            }
        }
    }

    @Test
    void isClosedAfterAConnectionCloseAnswer() throws Exception {
        List<String> responses =
                List.of("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answer(server, responses));
            try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getLocalPort(), 5_000)) {
                assertThat(connection.exchange(REQUEST, status -> true).status())
                        .isEqualTo(503);
                assertThat(connection.isOpen()).isFalse();
            }
        }
    }

    /** Accepts one connection and answers each request (read up to its blank line) with the next response. */
    private static void answer(ServerSocket server, List<String> responses) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String response : responses) {
                int matched = 0;
                while (matched < 4) {
                    int next = in.read();
                    if (next < 0) {
                        return;
                    }
                    matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : (next == '\r' ? 1 : 0);
                }
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
