package dev.tandem.web.machine;

import dev.tandem.web.api.ErrorBody;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/** Checks of query parameters: a bad one is a 400 {@code bad_parameter} naming it, never a 500. */
final class Params {

    private static final Pattern GROUP = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private Params() {
    }

    static String groupIdOrNull(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return matching(name, value, GROUP);
    }

    static String matching(String name, String value, Pattern pattern) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            throw bad(name);
        }
        return value;
    }

    static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > max) {
            throw bad("limit");
        }
        return Integer.parseInt(value);
    }

    static WebApplicationException bad(String name) {
        return new WebApplicationException(ErrorBody.response(Response.Status.BAD_REQUEST, "bad_parameter",
                "The parameter " + name + " is not valid."));
    }
}
