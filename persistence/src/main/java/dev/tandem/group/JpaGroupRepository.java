package dev.tandem.group;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** {@link GroupRepository} on {@code cobrowse_group} through JPA. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class JpaGroupRepository implements GroupRepository {

    @PersistenceContext(unitName = "tandem")
    EntityManager em;

    @Override
    public Optional<CobrowseGroup> find(String groupId) {
        if (groupId == null || groupId.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(CobrowseGroup.class, groupId));
    }

    @Override
    public boolean isAllowedByAnyEnabledGroup(WebOrigin origin) {
        Long count = em.createQuery("select count(g) from CobrowseGroup g join g.allowedOrigins o "
                        + "where g.enabled = true and o = :origin", Long.class)
                .setParameter("origin", origin.value())
                .getSingleResult();
        return count > 0;
    }
}
