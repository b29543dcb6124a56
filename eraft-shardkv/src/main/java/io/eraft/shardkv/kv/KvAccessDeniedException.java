package io.eraft.shardkv.kv;

/**
 * The receiving server's transport refused the request because this client may not use that channel (for example a
 * client connection on a peer-only or admin-only channel); the request was not handled. Retrying cannot help: connect
 * with a role the channel admits (an admin certificate or role for controller changes).
 */
public final class KvAccessDeniedException extends KvNotAppliedException {
    private static final long serialVersionUID = 1L;

    public KvAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
