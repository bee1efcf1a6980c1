package dev.tandem.group;

import java.util.List;
import java.util.Optional;

/** Reads group configuration. */
public interface GroupRepository {

    Optional<CobrowseGroup> find(String groupId);

    /** True if some enabled group allows this origin: the question a CORS preflight asks. */
    boolean isAllowedByAnyEnabledGroup(WebOrigin origin);

    /** Every group, ordered by id. */
    List<CobrowseGroup> all();

    /**
     * Applies the change to the group in the caller's transaction.
     *
     * @return false if there is no such group
     */
    boolean update(String groupId, GroupChange change);
}
