package io.eraft.shardkv.kv;

/**
 * An indeterminate failure: the operation may have been applied (once) or not at all, and the clerk cannot tell which
 * (a history records it as {@code info}, never as {@code fail}). Read the key back to learn the outcome. Subclasses:
 * {@link KvTimeoutException} (no answer in time), {@link SessionExpiredException} (an earlier attempt may have
 * applied before the session expired). A refusal of a later attempt after an earlier attempt's fate was lost is
 * reported as this class itself, with the refusal as its cause.
 */
public class KvOutcomeUnknownException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvOutcomeUnknownException(String message) {
        super(message);
    }

    public KvOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
