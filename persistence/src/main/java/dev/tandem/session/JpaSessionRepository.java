package dev.tandem.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link SessionRepository} on {@code cobrowse_session}. */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {

    @PersistenceContext(unitName = "tandem")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean addIfKeyFree(CobrowseSession session) {
        // ON CONFLICT against the partial unique index (group_id, session_key) WHERE ended_at IS NULL:
        // a taken key is a normal outcome, not an error that would doom the transaction.
        int inserted = em.createNativeQuery("INSERT INTO cobrowse_session "
                        + "(session_ref, group_id, session_key, started_at, last_seen_at, origin, user_agent, visitor_ip, node, peak_agents) "
                        + "VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, 0) "
                        + "ON CONFLICT (group_id, session_key) WHERE ended_at IS NULL DO NOTHING")
                .setParameter(1, session.sessionRef())
                .setParameter(2, session.groupId())
                .setParameter(3, session.sessionKey())
                .setParameter(4, session.startedAt().atOffset(ZoneOffset.UTC))
                .setParameter(5, session.origin())
                .setParameter(6, session.userAgent())
                .setParameter(7, session.visitorIp())
                .setParameter(8, session.node())
                .executeUpdate();
        return inserted == 1;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<CobrowseSession> findAllLive(Collection<String> sessionRefs) {
        if (sessionRefs.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select s from CobrowseSession s where s.sessionRef in :refs and s.endedAt is null", CobrowseSession.class)
                .setParameter("refs", sessionRefs)
                .getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CobrowseSession> findLive(String sessionRef) {
        return find(sessionRef).filter(CobrowseSession::isLive);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CobrowseSession> findLiveByKey(String groupId, String key) {
        return em.createQuery("select s from CobrowseSession s where s.groupId = :group and s.sessionKey = :key and s.endedAt is null",
                        CobrowseSession.class)
                .setParameter("group", groupId)
                .setParameter("key", key)
                .getResultStream().findFirst();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isKeyLiveInAnyGroup(String key) {
        return em.createQuery("select count(s) from CobrowseSession s where s.sessionKey = :key and s.endedAt is null", Long.class)
                .setParameter("key", key)
                .getSingleResult() > 0;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordViewers(String sessionRef, int viewers) {
        em.createQuery("update CobrowseSession s set s.peakAgents = :n where s.sessionRef = :ref and s.peakAgents < :n")
                .setParameter("n", viewers)
                .setParameter("ref", sessionRef)
                .executeUpdate();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CobrowseSession> find(String sessionRef) {
        return em.createQuery("select s from CobrowseSession s where s.sessionRef = :ref", CobrowseSession.class)
                .setParameter("ref", sessionRef)
                .getResultStream().findFirst();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CobrowseSession> findLiveForUpdate(String sessionRef) {
        return em.createQuery("select s from CobrowseSession s where s.sessionRef = :ref and s.endedAt is null", CobrowseSession.class)
                .setParameter("ref", sessionRef)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<CobrowseSession> expiredAt(Instant now, int max) {
        return em.createNativeQuery("SELECT s.* FROM cobrowse_session s JOIN cobrowse_group g ON g.group_id = s.group_id "
                        + "WHERE s.ended_at IS NULL AND (s.last_seen_at <= CAST(?1 AS timestamptz) - make_interval(secs => g.idle_timeout_seconds) "
                        + "OR s.started_at <= CAST(?1 AS timestamptz) - make_interval(secs => g.max_duration_seconds)) ORDER BY s.id LIMIT ?2 FOR UPDATE OF s SKIP LOCKED",
                        CobrowseSession.class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .setParameter(2, max)
                .getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<CobrowseSession> liveOnNodeStartedBefore(String node, Instant before, int max) {
        return em.createNativeQuery("SELECT s.* FROM cobrowse_session s WHERE s.ended_at IS NULL AND s.node = ?1 "
                        + "AND s.started_at < CAST(?2 AS timestamptz) ORDER BY s.id LIMIT ?3 FOR UPDATE OF s SKIP LOCKED", CobrowseSession.class)
                .setParameter(1, node)
                .setParameter(2, before.atOffset(ZoneOffset.UTC))
                .setParameter(3, max)
                .getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CobrowseSession> live(String groupId, int max) {
        var query = groupId == null
                ? em.createQuery("select s from CobrowseSession s where s.endedAt is null order by s.id desc", CobrowseSession.class)
                : em.createQuery("select s from CobrowseSession s where s.endedAt is null and s.groupId = :group order by s.id desc",
                        CobrowseSession.class).setParameter("group", groupId);
        return query.setMaxResults(Math.max(1, Math.min(max, 1000))).getResultList();
    }
}
