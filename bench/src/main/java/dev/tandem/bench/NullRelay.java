package dev.tandem.bench;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: a bare Jakarta WebSocket endpoint, deployed beside the EAR for the benchmark only,
 * that forwards each visitor frame verbatim to the agents of the same room: no parsing, no checks,
 * no buffering. {@code /null-relay/{room}/visitor} sends, {@code /null-relay/{room}/agent} receives
 * (first a {@code joined} message once it is subscribed, then the visitor's frames). For M4's
 * baseline, {@code /null-relay/{room}/keeper} sends like a visitor and the relay keeps its last frame
 * verbatim; {@code /null-relay/{room}/viewer} is sent that frame as it opens: one transfer of the same
 * bytes to one viewer, the least a relay that catches a late agent up can do. For the pointer load
 * the other way round: what an agent sends is forwarded verbatim to the visitors of its room (a
 * visitor is sent {@code joined} too once it is subscribed).
 */
@ServerEndpoint("/{room}/{role}")
public class NullRelay {

    static final String JOINED = "{\"type\":\"joined\"}";

    private static final Map<String, Set<Session>> AGENTS = new ConcurrentHashMap<>();
    private static final Map<String, Set<Session>> VISITORS = new ConcurrentHashMap<>();
    private static final Map<String, String> KEPT = new ConcurrentHashMap<>();

    @OnOpen
    public void open(Session session, @PathParam("room") String room, @PathParam("role") String role) {
        session.setMaxTextMessageBufferSize(16 * 1024 * 1024);
        if ("agent".equals(role)) {
            AGENTS.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
            // Tells the agent it is subscribed: a visitor frame sent before this point would miss it.
            session.getAsyncRemote().sendText(JOINED);
        } else if ("visitor".equals(role)) {
            VISITORS.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
            session.getAsyncRemote().sendText(JOINED);
        } else if ("viewer".equals(role)) {
            String kept = KEPT.get(room);
            if (kept != null) {
                session.getAsyncRemote().sendText(kept);
            }
        }
    }

    @OnMessage
    public void message(String text, @PathParam("room") String room, @PathParam("role") String role) {
        if ("keeper".equals(role)) {
            KEPT.put(room, text);
        }
        if ("visitor".equals(role) || "keeper".equals(role)) {
            for (Session agent : AGENTS.getOrDefault(room, Set.of())) {
                agent.getAsyncRemote().sendText(text);
            }
        } else if ("agent".equals(role)) {
            for (Session visitor : VISITORS.getOrDefault(room, Set.of())) {
                visitor.getAsyncRemote().sendText(text);
            }
        }
    }

    @OnClose
    public void close(Session session, @PathParam("room") String roomName, @PathParam("role") String role) {
        if ("keeper".equals(role)) {
            KEPT.remove(roomName);
        }
        for (Map<String, Set<Session>> members : List.of(AGENTS, VISITORS)) {
            Set<Session> room = members.get(roomName);
            if (room != null) {
                room.remove(session);
            }
        }
    }
}
