package dev.tandem.web.visitor;

import dev.tandem.group.PiiPolicy;
import dev.tandem.json.Jsons;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.Viewer;
import dev.tandem.visitor.Heartbeat;
import dev.tandem.visitor.SessionGrant;
import dev.tandem.visitor.SessionId;
import dev.tandem.visitor.SessionRefusal;
import dev.tandem.visitor.SessionRefusal.Reason;
import dev.tandem.visitor.StartRequest;
import dev.tandem.visitor.VisitorContext;
import dev.tandem.visitor.VisitorSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

/**
 * The visitor API, called cross-origin from customers' pages (see {@code docs/integration.md}):
 * {@code POST /cobrowse/api/visitor/sessions} starts a session, {@code .../resume} continues it on a
 * page load, {@code .../heartbeat} keeps it alive and says who views, {@code .../stop} ends it. The
 * visitor token travels in the JSON body, never in a URL or a cookie.
 */
@Path("visitor/sessions")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VisitorResource {

    private static final int MAX_TOKEN = 1024;
    /** Longer than any valid key, so that a too-long key is refused by the key rule (bad_key). */
    private static final int MAX_KEY = 256;
    private static final int MAX_GROUP_ID = 64;
    /** How often the visitor's page says it is still there; well inside the shortest idle timeout (30 s). */
    static final int HEARTBEAT_SECONDS = 20;

    @Inject
    VisitorSessions sessions;

    @Inject
    StartRateLimiter startLimit;

    @Inject
    ClientAddresses addresses;

    @Inject
    LiveSessions presence;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uri;

    @POST
    public Response start(InputStream body) {
        VisitorContext context = context();
        switch (startLimit.tryAcquire(context.clientAddress())) {
            case REFUSED -> throw sessions.deny(Reason.TOO_MANY, context, "start");
            case REFUSED_AGAIN -> throw new SessionRefusal(Reason.TOO_MANY);
            default -> { }
        }
        StartRequest start = parse(body, context, "start",
                json -> new StartRequest(json.string("groupId", MAX_GROUP_ID), json.strings("pageGroups"), json.string("key", MAX_KEY)));
        SessionGrant grant = sessions.start(start, context);
        return Response.status(Response.Status.CREATED).entity(grantJson(grant).toString()).build();
    }

    @POST
    @Path("resume")
    public Response resume(InputStream body) {
        VisitorContext context = context();
        Continuation resume = parse(body, context, "resume", Continuation::of);
        SessionGrant grant = sessions.resume(resume.token(), resume.pageGroups(), context);
        return Response.ok(grantJson(grant).toString()).build();
    }

    @POST
    @Path("heartbeat")
    public Response heartbeat(InputStream body) {
        return heartbeat(null, body);
    }

    /**
     * The heartbeat with the session's reference in the URL, which a load balancer hashes on: it
     * reaches the node holding the session, so the agents it lists are the ones viewing. The token
     * must be for that session ({@code wrong_session}).
     */
    @POST
    @Path("{ref: [0-9a-f]{64}}/heartbeat")
    public Response heartbeatOf(@PathParam("ref") String ref, InputStream body) {
        return heartbeat(ref, body);
    }

    private Response heartbeat(String ref, InputStream body) {
        VisitorContext context = context();
        Continuation beat = parse(body, context, "heartbeat", Continuation::of);
        Heartbeat heartbeat = sessions.heartbeat(beat.token(), beat.pageGroups(), context, ref);
        return Response.ok(Jsons.BUILDERS.createObjectBuilder().add("live", true).add("agents", agents(heartbeat.viewers()))
                .build().toString()).build();
    }

    @POST
    @Path("stop")
    public Response stop(InputStream body) {
        VisitorContext context = context();
        String token = parse(body, context, "stop", json -> json.string("token", MAX_TOKEN));
        sessions.stop(token, context);
        return Response.noContent().build();
    }

    private VisitorContext context() {
        return new VisitorContext(request.getHeader("Origin"), addresses.of(request), request.getHeader("User-Agent"));
    }

    /** Reads the body; an oversized or malformed one is refused with its audit row. */
    private <T> T parse(InputStream body, VisitorContext context, String step, Function<JsonBody, T> reader) {
        try {
            return reader.apply(JsonBody.read(body));
        } catch (SessionRefusal refused) {
            throw sessions.deny(refused.reason(), context, step);
        }
    }

    private JsonObject grantJson(SessionGrant grant) {
        String wsBase = uri.getBaseUri().resolve("../").toString().replaceFirst("^http", "ws");
        return Jsons.BUILDERS.createObjectBuilder()
                .add("sessionId", grant.sessionId())
                .add("key", grant.key())
                .add("token", grant.token())
                .add("expiresAt", grant.expiresAt().toString())
                .add("streamUrl", wsBase + "stream/visitor/" + SessionId.refOf(grant.sessionId()))
                .add("heartbeatSeconds", HEARTBEAT_SECONDS)
                .add("agents", agents(presence.viewing(SessionId.refOf(grant.sessionId()))))
                .add("settings", Jsons.BUILDERS.createObjectBuilder()
                        .add("maskedSelectors", Jsons.BUILDERS.createArrayBuilder(grant.group().maskedSelectors()))
                        .add("blockedSelectors", Jsons.BUILDERS.createArrayBuilder(grant.group().blockedSelectors()))
                        .add("maskAllInputs", grant.group().maskAllInputs())
                        .add("piiTripwire", grant.group().piiPolicy() == PiiPolicy.OFF ? "off" : "mask")
                        .add("piiPatterns", Jsons.BUILDERS.createArrayBuilder(grant.group().piiPatterns()))
                        .add("agentModes", grant.group().agentModes())
                        .add("writeNeedsApproval", grant.group().writeNeedsApproval())
                        .add("agentSubmitAllowed", grant.group().agentSubmitAllowed())
                        .add("controlRestrictedSelectors", Jsons.BUILDERS.createArrayBuilder(grant.group().controlRestrictedSelectors())))
                .build();
    }

    /** The agents viewing, as the visitor's indicator shows them: display names only. */
    private static JsonArrayBuilder agents(List<Viewer> viewers) {
        JsonArrayBuilder agents = Jsons.BUILDERS.createArrayBuilder();
        viewers.forEach(v -> agents.add(Jsons.BUILDERS.createObjectBuilder().add("displayName", v.displayName())));
        return agents;
    }

    /** A resume or heartbeat body: the visitor token and the groups the current page declares. */
    private record Continuation(String token, List<String> pageGroups) {
        static Continuation of(JsonBody json) {
            return new Continuation(json.string("token", MAX_TOKEN), json.strings("pageGroups"));
        }
    }
}
