package dev.jobpool.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * What request bodies Jobpool reads: as sent, and at most {@code jobpool.http.max-body-size}.
 *
 * <ul>
 * <li>Over the size: 413, at once when Content-Length says so, and while reading when a chunked body grows past
 * the limit (the read then fails with {@link PayloadTooLarge}, which the problem handler answers). Tomcat's own
 * limits cover form posts only, not JSON.</li>
 * <li>A body with a {@code Content-Encoding} other than {@code identity}: 415 with
 * {@code Accept-Encoding: identity} (RFC 9110 12.5.3). Nothing here decodes a body, so a gzipped one was read
 * as JSON and refused as malformed, which named the wrong fault; and decoding one would let a small body expand
 * past the size bound before anything counts it.</li>
 * <li>A GET's or HEAD's body reads as empty: none of them takes one.</li>
 * </ul>
 */
public class RequestBodies extends OncePerRequestFilter {

    private final long limit;
    private final JsonMapper json;

    public RequestBodies(long limit, JsonMapper json) {
        this.limit = limit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, Problems.of(new PayloadTooLarge(limit)));
            return;
        }
        // A GET's or HEAD's body means nothing here, and reading one that is declared and never sent
        // (Transfer-Encoding: chunked and no chunk) held the request until the connection timed out: the
        // actuator's handler reads an optional body for every operation, reads included. Read as empty instead,
        // and not refused for an encoding nobody decodes. (One declared past the limit is still a 413 above:
        // answering costs less than draining it.)
        boolean bodiless = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
        String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING); // null on nearly every request
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity") && !bodiless
                && hasBody(request)) {
            response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            refuse(request, response, Problems.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '"
                    + Problems.clip(coding.strip()) + "' is not supported: send the request body as it is"));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream counted;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (counted == null) {
                    counted = new Counted(bodiless ? new Empty() : super.getInputStream(), limit);
                }
                return counted;
            }
        }, response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** Answers before anything reads the body, and closes the connection rather than read a body it refuses. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(HttpHeaders.CONNECTION, "close");
        json.writeValue(response.getOutputStream(), problem);
    }

    private static final class Empty extends ServletInputStream {

        @Override
        public int read() {
            return -1;
        }

        @Override
        public boolean isFinished() {
            return true;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counted(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new PayloadTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
