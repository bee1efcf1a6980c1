package dev.tandem.web.join;

import dev.tandem.json.Jsons;
import dev.tandem.join.AgentIdentity;
import dev.tandem.join.AgentJoins;
import dev.tandem.join.AgentJoins.IssuedPass;
import dev.tandem.join.JoinRefusal;
import dev.tandem.join.ServerKeys;
import dev.tandem.web.identity.Roles;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The agent's side of joining, for the signed-in agent only ({@code cobrowse-agent}):
 * {@code POST /api/agent/joins} asks for a session by key and answers with a join ticket cookie;
 * {@code POST /api/agent/joins/redeem} turns that ticket into the agent pass cookie;
 * {@code GET /api/agent/pass} and {@code POST /api/agent/pass/refresh} read and extend the pass;
 * {@code POST /api/agent/leave} and {@code POST /api/agent/logout} end viewing and the sign-in.
 */
@Path("agent")
@RequestScoped
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
public class AgentJoinResource {

    private static final int MAX_BODY = 1024;

    @Inject
    AgentJoins joins;

    @Inject
    SignedInAgent agent;

    @Inject
    ServerKeys keys;

    @Inject
    ClientAddresses addresses;

    @Context
    HttpServletRequest request;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @POST
    @Path("joins")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response requestJoin(InputStream body) {
        JsonObject json = smallJsonObject(body);
        String ticket = joins.requestJoin(agent.identity(), optionalString(json, "groupId"), optionalString(json, "key"),
                addresses.of(request));
        return Response.status(Response.Status.CREATED)
                .header("Set-Cookie", AgentCookies.set(AgentCookies.TICKET, ticket, keys.interval().multipliedBy(2)))
                .entity(Jsons.BUILDERS.createObjectBuilder().add("viewer", "viewer.html").build().toString())
                .build();
    }

    @POST
    @Path("joins/redeem")
    public Response redeem() {
        IssuedPass issued = joins.redeem(AgentCookies.read(headers, AgentCookies.TICKET), agent.identity(), addresses.of(request));
        return passResponse(issued).header("Set-Cookie", AgentCookies.clear(AgentCookies.TICKET)).build();
    }

    @GET
    @Path("pass")
    public Response pass() {
        IssuedPass issued = joins.currentPass(AgentCookies.read(headers, AgentCookies.PASS), agent.identity(), addresses.of(request));
        return Response.ok(passJson(issued)).build();
    }

    @POST
    @Path("pass/refresh")
    public Response refresh() {
        IssuedPass issued = joins.refresh(AgentCookies.read(headers, AgentCookies.PASS), agent.identity(), addresses.of(request));
        return passResponse(issued).build();
    }

    @POST
    @Path("leave")
    public Response leave() {
        joins.leave(AgentCookies.read(headers, AgentCookies.PASS), agent.identity(), addresses.of(request));
        return Response.noContent().header("Set-Cookie", AgentCookies.clear(AgentCookies.PASS)).build();
    }

    @POST
    @Path("logout")
    public Response logout() {
        AgentIdentity identity = agent.identity();
        joins.signedOut(identity, addresses.of(request));
        // The OpenID Connect mechanism keeps the sign-in (and its tokens) in the HTTP session:
        // invalidating it signs the agent out. (HttpServletRequest.logout() would make the
        // mechanism answer with a redirect to the provider instead of this response.)
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent()
                .header("Set-Cookie", AgentCookies.clear(AgentCookies.PASS))
                .header("Set-Cookie", AgentCookies.clear(AgentCookies.TICKET))
                .build();
    }

    private Response.ResponseBuilder passResponse(IssuedPass issued) {
        Duration left = Duration.between(Instant.now(), issued.pass().expiresAt());
        return Response.ok(passJson(issued)).header("Set-Cookie", AgentCookies.set(AgentCookies.PASS, issued.cookie(), left));
    }

    private String passJson(IssuedPass issued) {
        String stream = uri.getBaseUri().resolve("../stream/agent/" + issued.pass().sessionRef()).toString().replaceFirst("^http", "ws");
        return Jsons.BUILDERS.createObjectBuilder()
                .add("sessionRef", issued.pass().sessionRef())
                .add("key", issued.key())
                .add("groupId", issued.groupId())
                .add("visitorOrigin", issued.visitorOrigin() == null ? "" : issued.visitorOrigin())
                .add("streamUrl", stream)
                .add("expiresAt", issued.pass().expiresAt().toString())
                .build().toString();
    }

    private static JsonObject smallJsonObject(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new JoinRefusal(JoinRefusal.Reason.MALFORMED);
            }
            try (var reader = Jsons.READERS.createReader(new ByteArrayInputStream(bytes))) {
                JsonValue value = reader.readValue();
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new JoinRefusal(JoinRefusal.Reason.MALFORMED);
                }
                return value.asJsonObject();
            }
        } catch (JsonException e) {
            throw new JoinRefusal(JoinRefusal.Reason.MALFORMED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String optionalString(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING || ((JsonString) value).getString().length() > 256) {
            throw new JoinRefusal(JoinRefusal.Reason.MALFORMED);
        }
        String text = ((JsonString) value).getString();
        return text.isEmpty() && "groupId".equals(name) ? null : text;
    }
}
