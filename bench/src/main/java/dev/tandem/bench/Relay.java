package dev.tandem.bench;

import java.util.List;

/** One side of the comparison: the product's relay or the null relay, opening benchmark sessions. */
public interface Relay {

    String name();

    /** Opens session {@code index}: its visitor socket (with the trace's opening sent) and {@code agents} agent sockets. */
    BenchSession open(int index, int agents, Trace trace, LoadStats stats);

    /** How a visitor frame carrying these events is written for this relay. */
    String frame(long seq, List<String> events);

    /** A connected session under load. */
    record BenchSession(int index, String key, String ref, VisitorSender visitor, List<AgentReceiver> agents) {
        public void close() {
            agents.forEach(a -> {
                if (a.socket != null && !a.socket.isOutputClosed()) {
                    a.socket.sendClose(1000, "done");
                }
            });
            if (visitor.socket != null && !visitor.socket.isOutputClosed()) {
                visitor.socket.sendClose(1000, "done");
            }
        }
    }
}
