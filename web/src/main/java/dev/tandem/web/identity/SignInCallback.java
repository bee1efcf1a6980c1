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

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(request.getContextPath() + "/agent/");
    }
}
