package dev.tandem.group;

import java.util.Optional;

/** Reads group configuration. */
public interface GroupRepository {

    Optional<CobrowseGroup> find(String groupId);

    /** True if some enabled group allows this origin: the question a CORS preflight asks. */
    boolean isAllowedByAnyEnabledGroup(WebOrigin origin);
}
