package dev.tandem.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code agent_revocation}, {@code join_ticket_redemption}, {@code visitor_start_count} and the stream
 * owner in {@code cobrowse_session}.
 */
@ApplicationScoped
public class ClusterRecords {

    /** One row of {@code agent_revocation}. */
    public record Revocation(long id, String kind, String subject, String passId, Instant voidedAt, Instant keepUntil) {
    }

    /** A session's stream owner and end, as the database has them. */
    public record SessionState(String sessionRef, String node, String endReason) {
        public boolean ended() {
            return endReason != null;
        }
    }

    @PersistenceContext(unitName = "tandem")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRED)
    public void addRevocation(String kind, String subject, String passId, Instant voidedAt, Instant keepUntil, String node) {
        em.createNativeQuery("INSERT INTO agent_revocation (kind, subject, pass_id, voided_at, keep_until, node) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, kind)
                .setParameter(2, subject)
                .setParameter(3, passId)
                .setParameter(4, voidedAt.atOffset(ZoneOffset.UTC))
                .setParameter(5, keepUntil.atOffset(ZoneOffset.UTC))
                .setParameter(6, node)
                .executeUpdate();
    }

    /** Rows after {@code afterId} still in force at {@code now}, oldest first. */
    @Transactional(Transactional.TxType.REQUIRED)
    @SuppressWarnings("unchecked")
    public List<Revocation> revocationsAfter(long afterId, Instant now) {
        List<Object[]> rows = em.createNativeQuery("SELECT id, kind, subject, pass_id, voided_at, keep_until FROM agent_revocation "
                        + "WHERE id > ?1 AND keep_until > CAST(?2 AS timestamptz) ORDER BY id LIMIT 10000")
                .setParameter(1, afterId)
                .setParameter(2, now.atOffset(ZoneOffset.UTC))
                .getResultList();
        List<Revocation> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Revocation(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], instant(r[4]), instant(r[5])));
        }
        return out;
    }

    /** The highest revocation id (0 when none): a node that has read up to it has seen everything. */
    @Transactional(Transactional.TxType.REQUIRED)
    public long lastRevocationId() {
        return ((Number) em.createNativeQuery("SELECT coalesce(max(id), 0) FROM agent_revocation").getSingleResult()).longValue();
    }

    /** True the first time a ticket id is redeemed on any node; false on every replay. */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean redeemTicket(String ticketId, Instant now, Instant keepUntil, String node) {
        return em.createNativeQuery("INSERT INTO join_ticket_redemption (ticket_id, redeemed_at, keep_until, node) VALUES (?1, ?2, ?3, ?4) "
                        + "ON CONFLICT (ticket_id) DO NOTHING")
                .setParameter(1, ticketId)
                .setParameter(2, now.atOffset(ZoneOffset.UTC))
                .setParameter(3, keepUntil.atOffset(ZoneOffset.UTC))
                .setParameter(4, node)
                .executeUpdate() == 1;
    }

    /**
     * Counts one start of this client in this calendar minute, on whichever node, and returns the count
     * of all nodes, this one included (one statement, so concurrent nodes never lose one). In a
     * transaction of its own, committed when this returns whatever the caller runs in: the next start
     * on any node must see it, and the caller's later work must neither delay it nor undo it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int countStart(String clientKey, Instant minute) {
        return ((Number) em.createNativeQuery("INSERT INTO visitor_start_count (client_key, window_start, starts) "
                        + "VALUES (?1, CAST(?2 AS timestamptz), 1) ON CONFLICT (client_key, window_start) "
                        + "DO UPDATE SET starts = visitor_start_count.starts + 1 RETURNING starts")
                .setParameter(1, clientKey)
                .setParameter(2, minute.atOffset(ZoneOffset.UTC))
                .getSingleResult()).intValue();
    }

    /** Deletes revocations, ticket ids and start counts that can no longer matter; returns how many. */
    @Transactional(Transactional.TxType.REQUIRED)
    public int deleteLapsed(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return em.createNativeQuery("DELETE FROM agent_revocation WHERE keep_until <= CAST(?1 AS timestamptz)").setParameter(1, at).executeUpdate()
                + em.createNativeQuery("DELETE FROM join_ticket_redemption WHERE keep_until <= CAST(?1 AS timestamptz)").setParameter(1, at).executeUpdate()
                + em.createNativeQuery("DELETE FROM visitor_start_count WHERE window_start < CAST(?1 AS timestamptz)")
                        .setParameter(1, at.minusMinutes(2)).executeUpdate();
    }

    /** This node now holds the live session's stream; false if the session is not live. */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean claimStream(String sessionRef, String node) {
        return em.createNativeQuery("UPDATE cobrowse_session SET node = ?2 WHERE session_ref = ?1 AND ended_at IS NULL")
                .setParameter(1, sessionRef)
                .setParameter(2, node)
                .executeUpdate() == 1;
    }

    /** Owner and end of these sessions (unknown references are left out). */
    @Transactional(Transactional.TxType.REQUIRED)
    @SuppressWarnings("unchecked")
    public List<SessionState> states(Collection<String> sessionRefs) {
        if (sessionRefs.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("SELECT session_ref, node, end_reason FROM cobrowse_session WHERE session_ref IN (:refs)")
                .setParameter("refs", sessionRefs)
                .getResultList();
        List<SessionState> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new SessionState((String) r[0], (String) r[1], (String) r[2]));
        }
        return out;
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return (Instant) value;
    }
}
