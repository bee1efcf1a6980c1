package dev.tandem.web.http;

import dev.tandem.health.InFlightRequests;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Counts the dispatches in progress into {@link InFlightRequests} (first filter, see web.xml). */
public class InFlightFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient InFlightRequests inFlight;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        inFlight.enter();
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.leave();
        }
    }
}
