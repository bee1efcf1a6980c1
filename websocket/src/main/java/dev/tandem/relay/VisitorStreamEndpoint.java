package dev.tandem.relay;

import dev.tandem.guidance.AgentGuidance;
import dev.tandem.json.Jsons;
import dev.tandem.nodes.SessionOwners;
import dev.tandem.pii.PiiKind;
import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.VisitorLink;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import dev.tandem.visitor.SessionRefusal;
import dev.tandem.visitor.StreamGrant;
import dev.tandem.visitor.VisitorContext;
import dev.tandem.visitor.VisitorSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code wss://HOST/cobrowse/stream/visitor/{sessionRef}} ({@link VisitorStreamByRefEndpoint}, the URL
 * the start and resume answers give, which a load balancer hashes on) or the older
 * {@code wss://HOST/cobrowse/stream/visitor}: the visitor's page streams its masked rrweb events.
 * The first message must be {@code hello} with the visitor token (checked like every continuation,
 * plus: the handshake's Origin is the session's); then {@code events} batches with consecutive
 * sequence numbers, each event through the {@link DomFirewall}, fanned out to the session's agents.
 * Limits close the stream with named codes (docs/protocol.md). Nothing from the stream is logged.
 * One instance serves every connection ({@link SharedEndpoint}): a connection's state is its
 * {@code State} in the socket's user properties, never a field.
 */
@ApplicationScoped
@Typed(VisitorStreamEndpoint.class) // not also a VisitorStreamByRefEndpoint's type: one bean per class
@ServerEndpoint(value = "/stream/visitor", configurator = VisitorHandshake.class)
public class VisitorStreamEndpoint {

    private static final String STATE = "tandem.visitorStream";
    /** How often a stream notes its activity for the session's idle clock (written by {@link StreamActivity}). */
    private static final long ACTIVITY_EVERY_MILLIS = 1_000;
    private static final int GUIDANCE_BURST = 40;
    private static final int GUIDANCE_PER_SECOND = 20;
    /** Largest guidance answer from the page; anything else that large is an events message. */
    private static final int GUIDANCE_MAX_CHARS = 512;
    /** What the page may give as the reason it refused an agent's action (docs/protocol.md). */
    private static final Set<String> REFUSALS = Set.of("masked", "password", "restricted", "submit", "navigation", "file",
            "not_writer", "unknown_node", "not_allowed");

    @Inject
    VisitorSessions visitors;

    @Inject
    LiveSessions live;

    @Inject
    SessionRepository records;

    @Inject
    SessionStreams streams;

    @Inject
    StreamLimits limits;

    @Inject
    SocketFailures failures;

    @Inject
    KeepAlive keepAlive;

    @Inject
    SessionOwners owners;

    @Inject
    AgentGuidance guidance;

    @Inject
    RelayExecutors executors;

    /** Per-connection state. */
    private static final class State implements VisitorLink {
        final Session socket;
        final DomFirewall firewall = new DomFirewall();
        final TokenBucket rate;
        /** The page's answers to agent guidance (consent, refusals): their own rate, apart from events. */
        final TokenBucket guidanceRate = new TokenBucket(GUIDANCE_BURST, GUIDANCE_PER_SECOND, System.nanoTime());
        /** When each (agent, refusal reason) was last audited: a flood of one refusal writes one row a second. */
        final Map<String, Long> lastRefusalAudit = new java.util.HashMap<>();
        volatile String sessionRef;
        volatile LiveSession session;
        SessionStream stream;
        /** The group's PII tripwire, or null when its policy is OFF. */
        RelayTripwire tripwire;
        /** Kinds this connection has already reported for the audit (which keeps one row per session and kind). */
        final Set<String> trippedKinds = new HashSet<>();
        long nextSeq = 1;
        long lastActivity;
        ScheduledFuture<?> helloTimeout;
        /** The message being received, counted part by part against the size limit. */
        final TextAssembler incoming;
        /** A compressed message being received, inflated part by part within its bounds; null when the relay takes none. */
        final InflatingAssembler compressed;
        /** The handshake's Origin (the session's own, once hello is accepted), for the audit of a refused compressed message. */
        String origin;
        String groupId;

        State(Session socket, TokenBucket rate, StreamLimits limits) {
            this.socket = socket;
            this.rate = rate;
            this.incoming = new TextAssembler(limits.maxMessageBytes());
            this.compressed = limits.maxInflateRatio() > 0 ? new InflatingAssembler(limits.maxMessageBytes(), limits.maxInflateRatio()) : null;
        }

        @Override
        public void requestSnapshot() {
            if (socket.isOpen()) {
                socket.getAsyncRemote().sendText(RelayMessages.SNAPSHOT);
            }
        }

        @Override
        public void guide(String json) {
            if (socket.isOpen() && sessionRef != null) {
                socket.getAsyncRemote().sendText(json);
            }
        }

        @Override
        public void close(int code, String reason) {
            if (!socket.isOpen()) {
                return;
            }
            try {
                if (code == LiveSessions.NORMAL && !"replaced".equals(reason)) {
                    socket.getBasicRemote().sendText(RelayMessages.ended(reason));
                }
                socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException gone) {
                // The visitor's page is already gone.
            }
        }
    }

    @OnOpen
    public void open(Session socket) {
        socket.setMaxTextMessageBufferSize(limits.maxMessageBytes());
        socket.setMaxBinaryMessageBufferSize(limits.maxInflateRatio() > 0 ? limits.maxMessageBytes() : 1024);
        State state = new State(socket, new TokenBucket(limits.burstMessages(), limits.maxMessagesPerSecond(), System.nanoTime()),
                limits);
        socket.getUserProperties().put(STATE, state);
        keepAlive.keep(socket);
        state.helloTimeout = executors.scheduler().schedule(() -> {
            if (state.sessionRef == null) {
                state.close(StreamViolation.POLICY, "no hello");
            }
        }, limits.helloTimeoutSeconds(), TimeUnit.SECONDS);
    }

    /**
     * One part of a text message (a frame may arrive in several): parts are counted as they come, so
     * a message over {@code maxMessageBytes} is closed with 1009 without ever being held whole.
     */
    @OnMessage
    public void text(Session socket, String part, boolean last) {
        State state = (State) socket.getUserProperties().get(STATE);
        if (state == null) {
            return; // closed already: parts still in flight are dropped
        }
        try {
            Optional<String> whole = state.incoming.add(part, last);
            if (whole.isPresent()) {
                text(state, socket, whole.get());
            }
        } catch (StreamViolation violation) {
            state.close(violation.closeCode(), violation.getMessage());
        }
    }

    private void text(State state, Session socket, String text) {
        try {
            if (state.sessionRef == null) {
                hello(socket, state, parse(text));
            } else if (text.length() <= GUIDANCE_MAX_CHARS && text.startsWith("{\"type\":\"guidance\"")) {
                guidanceAnswer(state, parse(text));
            } else {
                events(state, EventBatch.read(text, state.firewall));
            }
        } catch (StreamViolation violation) {
            state.close(violation.closeCode(), violation.getMessage());
        }
    }

    /**
     * One part of a binary message: an {@code events} message compressed (docs/protocol.md), inflated
     * part by part within the size and ratio bounds, then read exactly as the same text would be. A
     * refusal is audited (START_DENIED, step {@code stream}) and closes the stream with its code.
     */
    @OnMessage
    public void binary(Session socket, ByteBuffer part, boolean last) {
        State state = (State) socket.getUserProperties().get(STATE);
        if (state == null) {
            return; // closed already: parts still in flight are dropped
        }
        if (state.compressed == null) {
            state.close(StreamViolation.UNSUPPORTED, "binary not accepted");
            return;
        }
        if (state.sessionRef == null) {
            state.close(StreamViolation.POLICY, "hello expected");
            return;
        }
        try {
            Optional<String> whole = state.compressed.add(part, last);
            if (whole.isPresent()) {
                events(state, EventBatch.read(whole.get(), state.firewall));
            }
        } catch (InflatingAssembler.Refusal refused) {
            InflatingAssembler.Cause kind = refused.kind();
            SessionRefusal.Reason reason = kind.closeCode == StreamViolation.TOO_BIG ? SessionRefusal.Reason.TOO_LARGE
                    : SessionRefusal.Reason.MALFORMED;
            try {
                visitors.streamRefused(state.sessionRef, state.groupId, reason, kind.code(), new VisitorContext(state.origin, null, null));
            } finally {
                state.close(refused.closeCode(), refused.getMessage());
            }
        } catch (StreamViolation violation) {
            state.close(violation.closeCode(), violation.getMessage());
        }
    }

    @OnClose
    public void close(Session socket, CloseReason reason) {
        keepAlive.forget(socket);
        State state = (State) socket.getUserProperties().remove(STATE);
        if (state == null) {
            return;
        }
        if (state.helloTimeout != null) {
            state.helloTimeout.cancel(false);
        }
        if (state.compressed != null) {
            state.compressed.release();
        }
        // Only the session's current visitor connection may clear its buffer (a page that replaced
        // this connection has already started its own stream); the registry decides the rest.
        if (state.session != null) {
            live.visitorDisconnected(state.session, state);
        }
    }

    @OnError
    public void error(Session socket, Throwable failure) {
        // The container closes the socket after this; what is logged is the failure's class and stack only.
        failures.report("visitor stream", failure);
    }

    private void hello(Session socket, State state, JsonObject message) {
        if (!"hello".equals(stringOf(message, "type")) || !(message.get("token") instanceof JsonString token)) {
            throw new StreamViolation(StreamViolation.POLICY, "hello expected");
        }
        List<String> pageGroups = new ArrayList<>();
        if (message.get("pageGroups") instanceof JsonArray groups) {
            for (JsonValue g : groups) {
                if (g instanceof JsonString s && pageGroups.size() < 16) {
                    pageGroups.add(s.getString());
                }
            }
        }
        // The handshake's headers serve the hello only; the connection does not keep them.
        VisitorContext context = new VisitorContext((String) socket.getUserProperties().remove(VisitorHandshake.ORIGIN), null,
                (String) socket.getUserProperties().remove(VisitorHandshake.USER_AGENT));
        StreamGrant grant;
        try {
            // The reference in the URL (what the balancer routed on) must be the token's own session.
            grant = visitors.openStream(token.getString(), pageGroups, context, socket.getPathParameters().get("ref"));
        } catch (SessionRefusal refused) {
            throw new StreamViolation(StreamViolation.POLICY, refused.reason().code());
        }
        // The node the balancer sent the stream to holds the session from now on (another node that
        // held it lets its connections go within seconds).
        owners.claim(grant.sessionRef());
        state.tripwire = RelayTripwire.of(grant.piiPolicy(), grant.piiPatterns()).orElse(null);
        state.origin = context.originHeader();
        state.groupId = grant.groupId();
        state.sessionRef = grant.sessionRef();
        state.lastActivity = System.currentTimeMillis();
        state.helloTimeout.cancel(false);
        state.session = live.visitorConnected(grant.sessionRef(), state);
        state.stream = streams.of(state.session);
        // The session may have ended between the check above and the registration: its end then
        // found nothing to close here, so this connection closes it (the registry is never ahead of the records).
        Optional<CobrowseSession> record = records.find(grant.sessionRef()).filter(s -> !s.isLive());
        if (record.isPresent()) {
            live.end(grant.sessionRef(), record.get().endReason().name());
            return;
        }
        socket.getAsyncRemote().sendText(RelayMessages.ready(limits.maxMessageBytes(), limits.maxMessagesPerSecond(), limits.maxInflateRatio()));
    }

    private void events(State state, EventBatch message) {
        if (!"events".equals(message.type)) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown message type");
        }
        if (!(message.seq instanceof JsonNumber seq) || !seq.isIntegral() || seq.longValue() != state.nextSeq) {
            throw new StreamViolation(StreamViolation.POLICY, "sequence");
        }
        state.nextSeq++;
        if (!state.rate.tryTake(System.nanoTime())) {
            throw new StreamViolation(StreamViolation.TRY_AGAIN_LATER, "rate");
        }
        long now = System.currentTimeMillis();
        if (message.events == null) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "events expected");
        }
        if (message.refusal != null) {
            throw message.refusal;
        }
        List<String> events = message.events;
        if (state.tripwire != null) {
            Map<PiiKind, Integer> found = new EnumMap<>(PiiKind.class);
            events = state.tripwire.mask(events, found);
            Map<String, Integer> counts = new TreeMap<>();
            found.forEach((kind, count) -> counts.put(kind.code(), count));
            if (tripped(state, counts, "relay") | tripped(state, message.tripped, "visitor")) {
                return; // the group's policy ended the session: its connections are closing
            }
        }
        if (events.isEmpty()) {
            return;
        }
        if (state.stream.visitorEvents(events, message.types)) {
            state.requestSnapshot();
        }
        if (now - state.lastActivity >= ACTIVITY_EVERY_MILLIS) {
            state.lastActivity = now;
            state.session.seen(Instant.ofEpochMilli(now));
        }
    }

    /**
     * The page's answer to agent guidance: {@code {"type":"guidance","agent":ID,"write":"granted"|"declined"|"revoked"}}
     * or {@code {"type":"guidance","agent":ID,"refused":REASON}}. Audited (MODE_* or CONTROL_REFUSED, the
     * reason only) and passed on to that agent's viewer; an unknown agent (it left) is ignored.
     */
    private void guidanceAnswer(State state, JsonObject message) {
        if (!state.guidanceRate.tryTake(System.nanoTime())) {
            throw new StreamViolation(StreamViolation.TRY_AGAIN_LATER, "rate");
        }
        String agentId = stringOf(message, "agent");
        String write = stringOf(message, "write");
        String refused = stringOf(message, "refused");
        if (agentId == null || (write == null) == (refused == null)) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "guidance answer expected");
        }
        if (refused != null && !REFUSALS.contains(refused)) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown refusal");
        }
        if (write != null && !Set.of("granted", "declined", "revoked").contains(write)) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown write state");
        }
        Optional<WebSocketViewer> agent = live.connections(state.sessionRef).stream()
                .filter(c -> c instanceof WebSocketViewer v && v.agentId().equals(agentId)).map(c -> (WebSocketViewer) c).findFirst();
        if (agent.isEmpty()) {
            return; // the agent left meanwhile: its write mode ended with it
        }
        WebSocketViewer viewer = agent.get();
        String subject = viewer.viewer().subject();
        if (refused != null) {
            viewer.send(ViewerMessages.refused(refused));
            long now = System.currentTimeMillis();
            Long before = state.lastRefusalAudit.put(agentId + " " + refused, now);
            if (before == null || now - before >= 1000) {
                guidance.controlRefused(state.sessionRef, subject, refused, "visitor");
            }
            return;
        }
        switch (write) {
            case "granted" -> {
                if (!viewer.grants(dev.tandem.join.JoinTicket.WRITE)) {
                    return; // the page cannot grant what the server did not: nothing changes
                }
                if (!state.stream.answerWrite(agentId, true)) {
                    // No request pending (a replayed approval), or another agent holds write: one at a time, whatever the page says.
                    guidance.modeChanged(state.sessionRef, subject, "write", AgentGuidance.ModeChange.DECLINED, "relay");
                    viewer.send(ViewerMessages.mode("declined", "relay"));
                    state.guide(RelayMessages.guidance(agentId, viewer.viewer().displayName(),
                            Jsons.BUILDERS.createObjectBuilder().add("type", "write-end").build()));
                    return;
                }
                guidance.modeChanged(state.sessionRef, subject, "write", AgentGuidance.ModeChange.GRANTED, "visitor");
                viewer.send(ViewerMessages.mode("granted", "visitor"));
            }
            case "declined" -> {
                state.stream.answerWrite(agentId, false);
                guidance.modeChanged(state.sessionRef, subject, "write", AgentGuidance.ModeChange.DECLINED, "visitor");
                viewer.send(ViewerMessages.mode("declined", "visitor"));
            }
            default -> {
                if (state.stream.releaseWriter(agentId)) {
                    guidance.modeChanged(state.sessionRef, subject, "write", AgentGuidance.ModeChange.REVOKED, "visitor");
                    viewer.send(ViewerMessages.mode("revoked", "visitor"));
                }
            }
        }
    }

    /**
     * Hands hits to the audit (kinds this connection has not reported yet) and the group's policy;
     * true if the policy ended the session.
     */
    private boolean tripped(State state, Map<String, Integer> counts, String source) {
        Map<String, Integer> fresh = new TreeMap<>(counts);
        fresh.keySet().removeAll(state.trippedKinds);
        if (fresh.isEmpty()) {
            return false;
        }
        state.trippedKinds.addAll(fresh.keySet());
        return visitors.piiTripped(state.sessionRef, fresh, source);
    }

    private static JsonObject parse(String text) {
        try (var reader = Jsons.READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "not an object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException malformed) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "malformed JSON");
        } catch (StreamViolation refused) {
            throw refused;
        } catch (RuntimeException tooDeep) {
            throw NestingLimit.refusal(tooDeep);
        }
    }

    private static String stringOf(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
