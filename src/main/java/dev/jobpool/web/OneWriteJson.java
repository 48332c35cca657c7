package dev.jobpool.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON answer goes out in one write, with a Content-Length, instead of a chunked one in two.
 *
 * <p>Spring's JSON converter flushes after writing a body (Jackson flushes too). A flush commits the response:
 * Tomcat sends the headers and the body as a chunk at once, and the closing chunk in a second write when the
 * request ends. Without the flush, Tomcat holds the body in its response buffer and, when the request ends with
 * the whole body in it, sets Content-Length and sends it all in one write: one system call and one TCP segment
 * where there were two, and a body a client reads by its length. (In bench/profile the body's writing fell
 * from 16 % to 8 % of the request path; the one socket write that remains moved to the request's end.)
 * A body larger than the buffer (8 KiB) is sent as before, chunked as the buffer fills.
 *
 * <p>Only JSON answers ({@code application/json}, {@code application/problem+json}) lose their flushes:
 * NDJSON and SSE streams flush each line so that a client sees it as soon as it exists, and keep doing so.
 * The alternative, a converter that renders to a byte array first, would copy every body once more and replace
 * a converter Spring Boot configures.
 */
final class OneWriteJson extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new Unflushed(response));
    }

    /** True for the content types whose flushes are dropped. */
    private static boolean isJson(String contentType) {
        return contentType != null && (contentType.startsWith("application/json")
                || contentType.startsWith("application/problem+json"));
    }

    private static final class Unflushed extends HttpServletResponseWrapper {

        private ServletOutputStream out;

        Unflushed(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new Stream(super.getOutputStream(), this);
            }
            return out;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!isJson(getContentType())) {
                super.flushBuffer();
            }
        }
    }

    private static final class Stream extends ServletOutputStream {

        private final ServletOutputStream out;
        private final HttpServletResponse response;

        Stream(ServletOutputStream out, HttpServletResponse response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (!isJson(response.getContentType())) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
