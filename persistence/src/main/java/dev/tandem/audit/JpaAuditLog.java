package dev.tandem.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** {@link AuditLog} on the {@code audit_event} table through JPA. */
@ApplicationScoped
public class JpaAuditLog implements AuditLog {

    private static final int MAX_READ = 1000;

    @PersistenceContext(unitName = "tandem")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(AuditEvent event) {
        event.seal();
        em.persist(event);
        // Flush now so that a refused insert fails the caller's action here, not at some later commit.
        em.flush();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> forSession(String sessionRef, int max) {
        return em.createQuery("select e from AuditEvent e where e.sessionRef = :ref order by e.id desc", AuditEvent.class)
                .setParameter("ref", sessionRef)
                .setMaxResults(Math.min(max, MAX_READ))
                .getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> ofType(String type, int max) {
        return em.createQuery("select e from AuditEvent e where e.type = :type order by e.id desc", AuditEvent.class)
                .setParameter("type", type)
                .setMaxResults(Math.min(max, MAX_READ))
                .getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> page(AuditQuery query) {
        StringBuilder jpql = new StringBuilder("select e from AuditEvent e where 1 = 1");
        java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
        condition(jpql, params, "e.type = :type", "type", query.type());
        condition(jpql, params, "e.groupId = :group", "group", query.groupId());
        condition(jpql, params, "e.sessionRef = :ref", "ref", query.sessionRef());
        condition(jpql, params, "e.actor = :actor", "actor", query.actor());
        condition(jpql, params, "e.outcome = :outcome", "outcome", query.outcome());
        condition(jpql, params, "e.occurredAt >= :since", "since", query.since() == null ? null : query.since().atOffset(java.time.ZoneOffset.UTC));
        condition(jpql, params, "e.id < :before", "before", query.beforeId());
        jpql.append(" order by e.id desc");
        var typed = em.createQuery(jpql.toString(), AuditEvent.class);
        params.forEach(typed::setParameter);
        return typed.setMaxResults(Math.max(1, Math.min(query.limit(), MAX_READ))).getResultList();
    }

    private static void condition(StringBuilder jpql, java.util.Map<String, Object> params, String clause, String name, Object value) {
        if (value != null) {
            jpql.append(" and ").append(clause);
            params.put(name, value);
        }
    }
}
