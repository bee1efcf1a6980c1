package dev.tandem.visitor;

import dev.tandem.presence.Viewer;
import java.util.List;

/** The answer to a visitor's heartbeat: the session is live, and these agents are viewing it. */
public record Heartbeat(List<Viewer> viewers) {
}
