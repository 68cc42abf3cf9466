package dev.flashsale.api.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body to {@link #MAX_BODY_BYTES}. A request that declares a larger {@code Content-Length} is
 * answered 413 {@link ProblemType#REQUEST_TOO_LARGE} at once, before anything reads it. Any other request (a chunked
 * body, a body longer than declared) gets an input stream that counts what is read and throws {@link
 * RequestBodyTooLargeException} once the count passes the limit, so at most the limit and one buffer are ever read;
 * {@link ProblemResponses} answers that with the same 413 problem.
 *
 * <p>Thread-safe; each request's stream is confined to the thread that reads it.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** The largest request body the API reads: 16 KiB, far above any request of the contract. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    static String detail() {
        return "the request body is larger than " + MAX_BODY_BYTES + " bytes";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            ProblemWriter.write(request, response, ProblemType.REQUEST_TOO_LARGE.detail(detail()));
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    /** The request with its body behind a {@link LimitedInputStream}. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private LimitedInputStream body;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (reader != null) {
                throw new IllegalStateException("getReader() has already been called for this request");
            }
            return limitedBody();
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                if (body != null) {
                    throw new IllegalStateException("getInputStream() has already been called for this request");
                }
                String encoding = getCharacterEncoding();
                Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
                reader = new BufferedReader(new InputStreamReader(limitedBody(), charset));
            }
            return reader;
        }

        private LimitedInputStream limitedBody() throws IOException {
            if (body == null) {
                body = new LimitedInputStream(super.getInputStream());
            }
            return body;
        }
    }

    /** Counts the bytes read and fails once they pass the limit. */
    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private long count;

        LimitedInputStream(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int next = delegate.read();
            if (next >= 0) {
                counted(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = delegate.read(buffer, offset, length);
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        private void counted(int read) throws RequestBodyTooLargeException {
            count += read;
            if (count > MAX_BODY_BYTES) {
                throw new RequestBodyTooLargeException(MAX_BODY_BYTES);
            }
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
