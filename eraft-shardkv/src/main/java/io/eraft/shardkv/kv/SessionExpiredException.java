package io.eraft.shardkv.kv;

/**
 * The client's session was dropped after it stayed idle for longer than the group's session lifetime (counted in
 * log entries), so the group can no longer tell a retry from a new write. The write that got this answer was not
 * applied; an earlier attempt of the same write may have been, so the outcome is unknown. The clerk starts a new
 * session for its next request.
 */
public final class SessionExpiredException extends KvOutcomeUnknownException {
    private static final long serialVersionUID = 1L;

    public SessionExpiredException(String message) {
        super(message);
    }
}
