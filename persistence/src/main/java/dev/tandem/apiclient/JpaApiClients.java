package dev.tandem.apiclient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** {@link ApiClients} on {@code api_client} through JPA; never cached, so a change counts at once. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class JpaApiClients implements ApiClients {

    @PersistenceContext(unitName = "tandem")
    EntityManager em;

    @Override
    public Optional<ApiClient> find(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(ApiClient.class, clientId));
    }
}
