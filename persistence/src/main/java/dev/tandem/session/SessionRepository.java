package dev.tandem.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stores and finds the metadata records of co-browse sessions. */
public interface SessionRepository {

    /**
     * Stores a new live session unless its key is already live in its group. Atomic in the
     * database (a partial unique index), so concurrent starts on any node can never share a key.
     *
     * @return true if stored, false if the key was taken
     */
    boolean addIfKeyFree(CobrowseSession session);

    Optional<CobrowseSession> findLive(String sessionRef);

    /** The live session of this group with this key, if there is one. */
    Optional<CobrowseSession> findLiveByKey(String groupId, String key);

    /** True if some group has a live session with this key (for the audit reason only, never an answer). */
    boolean isKeyLiveInAnyGroup(String key);

    /** Raises the session's peak agent count to {@code viewers} if that is higher. */
    void recordViewers(String sessionRef, int viewers);

    Optional<CobrowseSession> find(String sessionRef);

    /** The live sessions among these references (unknown and ended ones are left out). */
    List<CobrowseSession> findAllLive(Collection<String> sessionRefs);

    /**
     * The live session, locked until the transaction ends, so that two concurrent ends (Stop and the
     * reaper, say) cannot both end it.
     */
    Optional<CobrowseSession> findLiveForUpdate(String sessionRef);

    /**
     * Live sessions that are, at {@code now}, past their group's idle timeout or maximum duration,
     * locked until the transaction ends; sessions another transaction holds are skipped this time.
     */
    List<CobrowseSession> expiredAt(Instant now, int max);

    /**
     * Up to {@code max} sessions still recorded live that {@code node} started before {@code before},
     * locked until the transaction ends (others' locks skipped): after a restart of that node, sessions
     * nobody can stream to any more.
     */
    List<CobrowseSession> liveOnNodeStartedBefore(String node, Instant before, int max);

    /** Up to {@code max} live sessions, newest first, optionally of one group only (null: all groups). */
    List<CobrowseSession> live(String groupId, int max);
}
