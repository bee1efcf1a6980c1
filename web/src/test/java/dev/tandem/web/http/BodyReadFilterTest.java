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
        Exchange exchange = new Exchange(JSON, Arrival.FINISHED_ON_ARRIVAL);
        exchange.filter();

        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatched).isTrue();
        assertThat(exchange.bodyHandedOn()).isEqualTo(JSON);
    }

    @Test
    void aBodyReadAsItArrivesReachesTheApiWhole() throws Exception {
        Exchange exchange = new Exchange(JSON, Arrival.FINISHED_ONCE_READ);
        exchange.filter();

        exchange.listener.get().onDataAvailable();
        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatched).isTrue();
        assertThat(exchange.bodyHandedOn()).isEqualTo(JSON);
    }

    /**
     * Payara, for a body sent after the headers (as Java's HttpClient does): onDataAvailable, then
     * isFinished() stays false after the last byte, isReady() there fails ("register a new
     * handler" inside its own notification) and onAllDataRead never comes. The read must end at
     * the announced length; it once ended in onError and the client got an empty 200.
     */
    @Test
    void aBodyOfAnnouncedLengthSentAfterTheHeadersReachesTheApiWithoutAnEndCallback() throws Exception {
        Exchange exchange = new Exchange(JSON, Arrival.LATE_WITH_LENGTH);
        exchange.filter();

        exchange.listener.get().onDataAvailable();

        assertThat(exchange.dispatched).isTrue();
        assertThat(exchange.bodyHandedOn()).isEqualTo(JSON);
        assertThat(exchange.completed.get()).isZero();
    }

    @Test
    void theEndReportedTwiceHandsTheBodyOnOnce() throws Exception {
        Exchange exchange = new Exchange(JSON, Arrival.FINISHED_ONCE_READ);
        exchange.filter();

        exchange.listener.get().onDataAvailable();
        exchange.listener.get().onAllDataRead();
        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatches.get()).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverReachesTheApi() throws Exception {
        Exchange exchange = new Exchange("x".repeat(BodyReadFilter.MAX_BYTES + 1), Arrival.FINISHED_ON_ARRIVAL);
        exchange.filter();

        exchange.listener.get().onAllDataRead();

        assertThat(exchange.dispatched).isFalse();
        assertThat(exchange.status.get()).isEqualTo(413);
        assertThat(exchange.completed.get()).isEqualTo(1);
    }

    /** How the container presents the body's arrival and end. */
    private enum Arrival {
        /** Chunked; isFinished() as soon as the body has arrived, before it is read (Payara). */
        FINISHED_ON_ARRIVAL,
        /** Chunked; isFinished() once the last byte is read (Undertow). */
        FINISHED_ONCE_READ,
        /** Content-Length announced; isFinished() never true, isReady() fails after the last byte (Payara). */
        LATE_WITH_LENGTH
    }

    /** One request, as a container would present it. */
    private static final class Exchange {
        final AtomicReference<ReadListener> listener = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicInteger completed = new AtomicInteger();
        final Map<String, Object> attributes = new HashMap<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger dispatches = new AtomicInteger();
        boolean dispatched;
        private final BodyReadFilter filter = new BodyReadFilter();
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        Exchange(String body, Arrival arrival) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ArrivedBody in = new ArrivedBody(bytes, arrival, listener);
            boolean withLength = arrival == Arrival.LATE_WITH_LENGTH;
            AsyncContext async = fake(AsyncContext.class, (name, args) -> switch (name) {
                case "dispatch" -> {
                    dispatched = true;
                    dispatches.incrementAndGet();
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
                case "getContentLengthLong" -> withLength ? (long) bytes.length : -1L;
                case "getHeader" -> !withLength && "Transfer-Encoding".equals(args[0]) ? "chunked" : null;
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

    /**
     * A body that has fully arrived: readable at once, finished as {@link Arrival} says, and (as on
     * Payara) never to be read past its end.
     */
    private static final class ArrivedBody extends ServletInputStream {
        private final byte[] bytes;
        private final Arrival arrival;
        private final AtomicReference<ReadListener> listener;
        private int position;

        ArrivedBody(byte[] bytes, Arrival arrival, AtomicReference<ReadListener> listener) {
            this.bytes = bytes;
            this.arrival = arrival;
            this.listener = listener;
        }

        @Override
        public boolean isFinished() {
            return switch (arrival) {
                case FINISHED_ON_ARRIVAL -> true;
                case FINISHED_ONCE_READ -> position == bytes.length;
                case LATE_WITH_LENGTH -> false;
            };
        }

        @Override
        public boolean isReady() {
            if (arrival == Arrival.LATE_WITH_LENGTH && position == bytes.length) {
                throw new IllegalStateException("Illegal attempt to register a new handler before the existing handler has been notified");
            }
            // Otherwise like Payara's: ready even at the end, where a read would end the exchange.
            return true;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            listener.set(readListener);
        }

        @Override
        public int read() {
            if (position == bytes.length) {
                throw new IllegalStateException("read past the end of the body");
            }
            return bytes[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                throw new IllegalStateException("read past the end of the body");
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
