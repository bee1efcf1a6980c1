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
}
