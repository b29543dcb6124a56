package io.eraft.shardkv.kv;

/**
 * A definite failure: the operation was not applied, and no attempt of it can apply later. A history records it as
 * a {@code fail}; a write that got it may be sent again as a new write. Subclasses name the cause: the request broke
 * the limits ({@link KvRequestRejectedException}), the group is out of space ({@link KvNoSpaceException}), the
 * servers serve another group ({@link WrongGroupException}), the sender may not use the channel
 * ({@link KvAccessDeniedException}), no server took the write ({@link KvUnavailableException}).
 *
 * <p>A clerk reports a refusal as this only when every earlier attempt of the same operation is known not to have
 * applied either; otherwise it reports {@link KvOutcomeUnknownException} with the refusal as its cause.
 */
public class KvNotAppliedException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvNotAppliedException(String message) {
        super(message);
    }

    public KvNotAppliedException(String message, Throwable cause) {
        super(message, cause);
    }
}
