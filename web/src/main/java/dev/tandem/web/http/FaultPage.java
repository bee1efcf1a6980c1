package dev.tandem.web.http;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The error page of the whole application (web.xml): whatever failed outside the API's own
 * exception mappers (the container's sign-in mechanism, cookie parsing, a servlet) is answered here,
 * in the product's shape, without internals. Input the container could not make sense of (an
 * unknown sign-in state, a malformed cookie: {@link IllegalArgumentException} or {@link
 * NoSuchElementException}) is a 400; an unreachable database or identity provider a 503 with
 * {@code Retry-After}; anything
 * else a 500 with an incident id. Under {@code /api/} the answer is JSON, elsewhere a small page.
 * Requests with a Cookie header the container cannot parse at all are sent here by the server
 * before anything runs (see {@link #malformed}).
 * The server itself never shows stack traces either (wildfly-config: stack-trace-on-error none).
 */
public class FaultPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient FaultLog faults;

    /** Set by the server (wildfly-config) on a request it refused before any handler: the original path. */
    static final String MALFORMED = "X-Tandem-Malformed";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            malformed(request, response);
            return;
        }
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String path = uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
        Fault fault = failure == null ? Fault.ofStatus(code instanceof Integer i ? i : 500, path) : Fault.of(failure, path);
        String incident = null;
        if (failure != null) {
            incident = fault.status() == 500 ? UUID.randomUUID().toString() : null;
            faults.report("request outside the API", failure, incident);
        }
        answer(request, response, fault, path, incident);
    }

    /**
     * A request the server's {@code malformed-cookie} filter sent here (http-limits.cli): its Cookie
     * header held bytes outside printable ASCII, which the container cannot parse (and would fail
     * every request on, this page included). The filter has emptied the header and names the
     * original path, so the answer is JSON or a page as for that path. Asked for directly: 404.
     */
    private void malformed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String original = request.getHeader(MALFORMED);
        if (original == null) {
            answer(request, response, new Fault(404, "not_found", "Not found", "There is nothing here."), "", null);
            return;
        }
        faults.report("request refused by the server", "malformed cookie header", null);
        String path = original.startsWith(request.getContextPath()) ? original.substring(request.getContextPath().length()) : original;
        answer(request, response, Fault.ofStatus(400), path, null);
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, Fault fault, String path, String incident)
            throws IOException {
        response.resetBuffer();
        response.setStatus(fault.status());
        response.setHeader("Cache-Control", "no-store");
        if (fault.status() == 400) {
            response.setHeader("Connection", "close");
        }
        if (fault.status() == 503) {
            response.setHeader("Retry-After", String.valueOf(dev.tandem.web.api.ErrorBody.RETRY_AFTER_SECONDS));
        }
        String message = fault.message() + (incident == null ? "" : " (incident " + incident + ")");
        byte[] body;
        if (path.startsWith("/api/")) {
            response.setContentType("application/json");
            body = ("{\"error\":\"" + fault.error() + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'");
            body = page(fault.title(), message, request.getContextPath()).getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String page(String title, String message, String contextPath) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>" + title + " — Tandem</title>\n"
                + "  <link rel=\"stylesheet\" href=\"" + contextPath + "/static/tandem.css\">\n</head>\n<body>\n  <main>\n"
                + "    <h1>" + title + "</h1>\n    <p>" + message + "</p>\n  </main>\n</body>\n</html>\n";
    }

    /** Status, JSON code, page title and sentence of one fault; constants only, never input. */
    record Fault(int status, String error, String title, String message) {

        static final String SIGN_IN_CALLBACK = "/agent/callback";

        static final Fault SIGN_IN_NOT_COMPLETED = new Fault(400, "bad_request", "Sign-in not completed",
                "This sign-in could not be completed: it is unknown, expired or was already used. Open the console to sign in again.");

        static Fault of(Throwable failure, String path) {
            if (Failures.databaseUnavailable(failure) || Failures.peerUnreachable(failure)) {
                return new Fault(503, "unavailable", "Briefly unavailable", "The service is briefly unavailable; please try again shortly.");
            }
            boolean badInput = Failures.chain(failure).stream()
                    .anyMatch(t -> t instanceof IllegalArgumentException || t instanceof NoSuchElementException);
            if (badInput && path.equals(SIGN_IN_CALLBACK)) {
                return SIGN_IN_NOT_COMPLETED;
            }
            if (badInput) {
                return new Fault(400, "bad_request", "Bad request", "The request could not be understood.");
            }
            return ofStatus(500);
        }

        /**
         * A status the container set without an exception. On the sign-in callback a 500 of that
         * kind is the container's OpenID Connect mechanism refusing the callback (Payara's answers an
         * unknown state so; WildFly's throws, see {@link #of}): the agent gets the same
         * 400 on both servers.
         */
        static Fault ofStatus(int status, String path) {
            if (status == 500 && path.equals(SIGN_IN_CALLBACK)) {
                return SIGN_IN_NOT_COMPLETED;
            }
            return ofStatus(status);
        }

        static Fault ofStatus(int status) {
            return switch (status) {
                case 400 -> new Fault(400, "bad_request", "Bad request", "The request could not be understood.");
                case 503 -> new Fault(503, "unavailable", "Briefly unavailable", "The service is briefly unavailable; please try again shortly.");
                default -> new Fault(500, "internal_error", "Something went wrong", "The server could not complete the request.");
            };
        }
    }
}
