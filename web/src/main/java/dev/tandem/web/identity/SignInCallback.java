package dev.tandem.web.identity;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Where the identity provider sends the agent back. By the time this runs the container's
 * mechanism has validated the code, state, nonce and ID token and signed the agent in; all that is
 * left is to leave the callback URL (which carries the one-time code) for the console.
 */
@WebServlet(name = "SignInCallback", urlPatterns = "/agent/callback")
public class SignInCallback extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Session attribute: when the agent signed in (a revocation after it voids the sign-in). */
    public static final String SIGNED_IN_AT = "tandem.signedInAt";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        request.getSession().setAttribute(SIGNED_IN_AT, java.time.Instant.now());
        response.sendRedirect(request.getContextPath() + "/agent/");
    }
}
