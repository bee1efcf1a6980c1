package dev.tandem.demo;

import java.util.List;

/** A sign-in the development identity provider knows, as printed for people trying the demo. */
public record DemoAgent(String username, String description) {

    /** The demo sign-ins configured in {@code dev-identity-provider.json}. */
    public static final List<DemoAgent> ALL = List.of(
            new DemoAgent("alice", "agent in group demo"),
            new DemoAgent("bob", "agent in groups demo and demo-eu"),
            new DemoAgent("carol", "agent and administrator in group demo"),
            new DemoAgent("mallory", "no cobrowse-agent role: is refused"));
}
