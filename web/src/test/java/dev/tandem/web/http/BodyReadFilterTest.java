package dev.tandem.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.web.visitor.AllowedOrigins;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous body read against the two ways containers report a body: Undertow (WildFly)
 * calls {@code onDataAvailable} until the body is read and then {@code onAllDataRead}; Grizzly
 * (Payara) may say {@code isFinished()} as soon as the body has arrived, before a byte of it is
 * read, and go straight to {@code onAllDataRead}. Either way the API must get the whole body.
 */
class BodyReadFilterTest {

    private static final String JSON = "{\"groups\":[\"demo\"],\"page\":\"https://acme.example/\"}";

    @Test
    void aBodyReportedCompleteBeforeItIsReadReachesTheApiWhole() throws Exception {
        Exchange exchange = new Exchange(JSON, true);
        exchange.filter();

        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatched).isTrue();
        assertThat(exchange.bodyHandedOn()).isEqualTo(JSON);
    }

    @Test
    void aBodyReadAsItArrivesReachesTheApiWhole() throws Exception {
        Exchange exchange = new Exchange(JSON, false);
        exchange.filter();

        exchange.listener.get().onDataAvailable();
        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatched).isTrue();
        assertThat(exchange.bodyHandedOn()).isEqualTo(JSON);
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverReachesTheApi() throws Exception {
        Exchange exchange = new Exchange("x".repeat(BodyReadFilter.MAX_BYTES + 1), true);
        exchange.filter();

        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatched).isFalse();
        assertThat(exchange.status.get()).isEqualTo(413);
        assertThat(exchange.completed.get()).isEqualTo(1);
    }

    /** One request with a chunked body (no length announced), as a container would present it. */
    private static final class Exchange {
        final AtomicReference<ReadListener> listener = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicInteger completed = new AtomicInteger();
        final Map<String, Object> attributes = new HashMap<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean dispatched;
        private final BodyReadFilter filter = new BodyReadFilter();
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        Exchange(String body, boolean finishedOnArrival) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ArrivedBody in = new ArrivedBody(bytes, finishedOnArrival, listener);
            AsyncContext async = fake(AsyncContext.class, (name, args) -> switch (name) {
                case "dispatch" -> {
                    dispatched = true;
                    yield null;
                }
                case "complete" -> {
                    completed.incrementAndGet();
                    yield null;
                }
                default -> null;
            });
            request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
                case "getDispatcherType" -> DispatcherType.REQUEST;
                case "getContentLengthLong" -> -1L;
                case "getHeader" -> "Transfer-Encoding".equals(args[0]) ? "chunked" : null;
                case "getRemoteAddr" -> "198.51.100.7";
                case "startAsync" -> async;
                case "getInputStream" -> in;
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "getAttribute" -> attributes.get((String) args[0]);
                case "getRequestURI" -> "/cobrowse/api/visitor/sessions";
                case "getContextPath" -> "/cobrowse";
                default -> null;
            });
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    written.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener writeListener) {
                    throw new UnsupportedOperationException();
                }
            };
            response = fake(HttpServletResponse.class, (name, args) -> switch (name) {
                case "setStatus" -> {
                    status.set((Integer) args[0]);
                    yield null;
                }
                case "getOutputStream" -> out;
                default -> null;
            });
            ClientAddresses addresses = new ClientAddresses();
            setField(addresses, "trustedProxies", Optional.empty());
            invoke(addresses, "parse");
            filter.addresses = addresses;
            filter.slots = new ClientSlots(8);
            filter.origins = new AllowedOrigins();
            filter.bodySeconds = 10;
        }

        void filter() throws Exception {
            filter.doFilter(request, response, (req, res) -> {
                throw new AssertionError("the API must not run before the body is read");
            });
        }

        String bodyHandedOn() {
            Object body = attributes.values().stream().filter(byte[].class::isInstance).findFirst().orElseThrow();
            return new String((byte[]) body, StandardCharsets.UTF_8);
        }
    }

    /** A body that has fully arrived: readable at once, finished either on arrival or once read. */
    private static final class ArrivedBody extends ServletInputStream {
        private final byte[] bytes;
        private final boolean finishedOnArrival;
        private final AtomicReference<ReadListener> listener;
        private int position;

        ArrivedBody(byte[] bytes, boolean finishedOnArrival, AtomicReference<ReadListener> listener) {
            this.bytes = bytes;
            this.finishedOnArrival = finishedOnArrival;
            this.listener = listener;
        }

        @Override
        public boolean isFinished() {
            return finishedOnArrival || position == bytes.length;
        }

        @Override
        public boolean isReady() {
            return position < bytes.length;
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            listener.set(readListener);
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(len, Math.min(1000, bytes.length - position));
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName();
                };
            }
            Object result = answer.answer(method.getName(), args);
            if (result == null && method.getReturnType() == boolean.class) {
                return false;
            }
            return result;
        });
    }

    private static void setField(Object target, String name, Object value) {
        try {
            var field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            field.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void invoke(Object target, String name) {
        try {
            var method = target.getClass().getDeclaredMethod(name);
            method.setAccessible(true);
            method.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
