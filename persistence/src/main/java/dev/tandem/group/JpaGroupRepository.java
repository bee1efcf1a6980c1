package dev.tandem.group;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    public List<CobrowseGroup> all() {
        return em.createQuery("select g from CobrowseGroup g order by g.id", CobrowseGroup.class).setMaxResults(1000).getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean update(String groupId, GroupChange change) {
        CobrowseGroup group = find(groupId).orElse(null);
        if (group == null) {
            return false;
        }
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        change.columns().forEach((column, value) -> {
            values.add(value);
            sets.add(column + " = ?" + values.size());
        });
        change.jsonColumns().forEach((column, json) -> {
            values.add(json);
            sets.add(column + " = CAST(?" + values.size() + " AS jsonb)");
        });
        if (!sets.isEmpty()) {
            values.add(groupId);
            var update = em.createNativeQuery("UPDATE cobrowse_group SET " + String.join(", ", sets) + " WHERE group_id = ?" + values.size());
            for (int i = 0; i < values.size(); i++) {
                update.setParameter(i + 1, values.get(i));
            }
            update.executeUpdate();
        }
        if (change.origins() != null) {
            em.createNativeQuery("DELETE FROM cobrowse_group_origin WHERE group_id = ?1").setParameter(1, groupId).executeUpdate();
            for (WebOrigin origin : change.origins()) {
                em.createNativeQuery("INSERT INTO cobrowse_group_origin (group_id, origin) VALUES (?1, ?2)")
                        .setParameter(1, groupId).setParameter(2, origin.value()).executeUpdate();
            }
        }
        em.flush();
        em.detach(group);
        return true;
    }
}
