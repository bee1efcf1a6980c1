package dev.tandem.web.http;

import dev.tandem.web.visitor.AllowedOrigins;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the request bodies of the APIs anyone may call (the visitor API, CSP reports; see web.xml)
 * before the API sees them, without holding a worker thread while the
 * client sends: the body arrives through a {@link ReadListener}, has {@code
 * tandem.http.body-seconds} in all to arrive, and may be at most {@value #MAX_BYTES} bytes (the
 * resources apply their own, smaller limits). Then the request is dispatched again with the body in
 * memory. A client that sends too slowly gets 408, one announcing too much 413, one with more than
 * its share of bodies in flight ({@link ClientSlots}) 429; all in the API's JSON error shape, with the
 * connection closed. A slow client thus costs a connection and a few kilobytes, never a worker.
 */
public class BodyReadFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final int MAX_BYTES = 64 * 1024;
    private static final String BODY = BodyReadFilter.class.getName() + ".body";

    @Inject
    transient ClientAddresses addresses;

    @Inject
    transient ClientSlots slots;

    @Inject
    transient AllowedOrigins origins;

    @Inject
    transient Instance<RequestContextController> requestScope;

    @Inject
    @ConfigProperty(name = "tandem.http.body-seconds", defaultValue = "10")
    transient int bodySeconds;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof byte[] body) {
            request.removeAttribute(BODY);
            // The servlet specification leaves open whether the request scope is active on the
            // container thread that serves an asynchronous dispatch: WildFly activates it, Payara
            // does not. Activate it here when it is not (a no-op where it is), so the API behaves
            // the same after the body read on either server.
            RequestContextController scope = requestScope.get();
            boolean activated = scope.activate();
            try {
                chain.doFilter(new BufferedBodyRequest(request, body), response);
            } finally {
                if (activated) {
                    scope.deactivate();
                }
            }
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            refuse(request, response, 413, "too_large", "The request is too large.");
            return;
        }
        String client = addresses.of(request);
        if (!slots.tryAcquire(client)) {
            response.setHeader("Retry-After", "10");
            refuse(request, response, 429, "too_many_requests", "Too many requests from here at once; try again later.");
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(bodySeconds * 1000L);
        Reader reader = new Reader(async, request, response, request.getInputStream(), client);
        async.addListener(reader);
        request.getInputStream().setReadListener(reader);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** Answers with the API's JSON error shape and closes the connection (its body is left unread). */
    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String error, String message)
            throws IOException {
        byte[] json = ("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Connection", "close");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/visitor/")) {
            response.addHeader("Vary", "Origin");
            origins.allowed(request.getHeader("Origin")).ifPresent(o -> response.setHeader("Access-Control-Allow-Origin", o.value()));
        }
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }

    /** Collects one body; exactly one of: dispatch with the body, 413, 408, or give up on a broken connection. */
    private final class Reader implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final ServletInputStream in;
        private final String client;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[4096];
        private final AtomicBoolean finished = new AtomicBoolean();

        Reader(AsyncContext async, HttpServletRequest request, HttpServletResponse response, ServletInputStream in, String client) {
            this.async = async;
            this.request = request;
            this.response = response;
            this.in = in;
            this.client = client;
        }

        @Override
        public void onDataAvailable() throws IOException {
            // Payara does not always call onAllDataRead once the body is read here: end it now.
            if (drain() && atEnd()) {
                dispatchWithBody();
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            // A container may report the end of the body with bytes of it still unread (on Payara
            // bodies reached the API empty when the read stopped at isFinished()): take them first.
            if (drain()) {
                dispatchWithBody();
            }
        }

        /** Hands the body to the API, once (the end may be reported by both callbacks, and twice). */
        private void dispatchWithBody() {
            if (finish()) {
                request.setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        /**
         * Reads what can be read without blocking, never past the body's end; false if the body
         * passed the limit (answered 413). The end is tested before {@code isReady()}: on Payara,
         * {@code isReady()} once the body is all read registers for more data, and inside its own
         * notification that fails (the read then ended in {@link #onError}). Payara also says
         * isFinished() while bytes of the body are still unread (they are available()): the end
         * is both.
         */
        private boolean drain() throws IOException {
            while (!finished.get() && !atEnd() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                body.write(buffer, 0, n);
                if (body.size() > MAX_BYTES) {
                    answer(413, "too_large", "The request is too large.");
                    return false;
                }
            }
            return !finished.get();
        }

        /**
         * The body is all read: as many bytes as its Content-Length (Payara's isFinished() can stay
         * false after the last byte when it arrived after the headers), or, for a chunked body,
         * the stream's end with nothing left available.
         */
        private boolean atEnd() throws IOException {
            long length = request.getContentLengthLong();
            if (length >= 0 && body.size() >= length) {
                return true;
            }
            return in.isFinished() && in.available() <= 0;
        }

        @Override
        public void onError(Throwable failure) {
            // Mostly the client went away or broke the connection, and nobody is left to answer;
            // when the connection is still there, it gets a 400 rather than an empty answer.
            if (finish()) {
                try {
                    if (!response.isCommitted()) {
                        refuse(request, response, 400, "bad_request", "The request body could not be read.");
                    }
                } catch (IOException | IllegalStateException gone) {
                    // The connection is gone: nothing more to say.
                } finally {
                    async.complete();
                }
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            answer(408, "request_timeout", "The request body did not arrive in time.");
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            finish();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Only one asynchronous cycle per request.
        }

        private void answer(int status, String error, String message) throws IOException {
            if (finish()) {
                try {
                    refuse(request, response, status, error, message);
                } finally {
                    async.complete();
                }
            }
        }

        /** True for the one caller that ends this read; gives the client's slot back. */
        private boolean finish() {
            if (!finished.compareAndSet(false, true)) {
                return false;
            }
            slots.release(client);
            return true;
        }
    }
}
