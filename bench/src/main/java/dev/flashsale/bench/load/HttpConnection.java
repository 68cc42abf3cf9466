package dev.flashsale.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread at a time: writes a request given as bytes, reads the
 * response's status and body ({@code Content-Length} or chunked). As small as a load generator needs, so that its
 * cost per request stays far below the servers'. Not thread-safe.
 */
final class HttpConnection implements AutoCloseable {

    /** A response: its status code and, when asked for, its body (else empty). */
    record Response(int status, String body) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] line = new byte[8192];
    private boolean closeAfter;

    HttpConnection(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    boolean isOpen() {
        return !closeAfter && !socket.isClosed();
    }

    /** Sends the request and reads the response; keeps the body only when {@code keepBody} answers true for it. */
    Response exchange(byte[] request, IntPredicate keepBody) throws IOException {
        out.write(request);
        out.flush();
        int length = readLine();
        // "HTTP/1.1 201 Created"
        if (length < 12 || line[8] != ' ') {
            throw new IOException("not an HTTP status line: " + new String(line, 0, length, StandardCharsets.US_ASCII));
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        while ((length = readLine()) > 0) {
            String header = new String(line, 0, length, StandardCharsets.US_ASCII);
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")
                    && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closeAfter = true;
            }
        }
        ByteArrayOutputStream body = keepBody.test(status) ? new ByteArrayOutputStream() : null;
        if (chunked) {
            long size;
            while ((size = Long.parseLong(lineText().split(";", 2)[0].trim(), 16)) > 0) {
                copy(size, body);
                readLine();
            }
            while (readLine() > 0) {
                // trailers
            }
        } else if (contentLength >= 0) {
            copy(contentLength, body);
        } else {
            closeAfter = true;
            copy(Long.MAX_VALUE, body);
        }
        return new Response(status, body == null ? "" : body.toString(StandardCharsets.UTF_8));
    }

    private String lineText() throws IOException {
        int length = readLine();
        return new String(line, 0, length, StandardCharsets.US_ASCII);
    }

    /** Reads one line into {@link #line} without its CRLF; answers its length. */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (next == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == line.length) {
                throw new IOException("a response line longer than " + line.length + " bytes");
            }
            line[length++] = (byte) next;
        }
    }

    private void copy(long size, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[4096];
        long left = size;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (size == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("the server closed the connection within a body");
            }
            if (body != null) {
                body.write(buffer, 0, read);
            }
            left -= read;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
