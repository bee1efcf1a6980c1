package dev.tandem.visitor;

import java.util.List;

/**
 * A visitor's request to start a session: the group asked for, the groups the page declares
 * ({@code data-groupid} and {@code data-additionalgroupid}), and optionally the page's own key.
 */
public record StartRequest(String groupId, List<String> pageGroups, String customKey) {
}
