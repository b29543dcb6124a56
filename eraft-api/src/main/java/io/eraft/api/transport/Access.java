package io.eraft.api.transport;

/**
 * Who may use a channel, and what a connection proves it is. Ordered by trust: a channel registered with access
 * {@code X} takes requests only from senders whose role is {@code X} or higher ({@link #admits}).
 *
 * <ul>
 *   <li>{@link #CLIENT}: any client of the cluster (KV operations, status, configuration queries).</li>
 *   <li>{@link #ADMIN}: operators (membership changes, shard moves); also servers of the cluster.</li>
 *   <li>{@link #PEER}: servers of the same cluster only (Raft, shard migration). A peer connection must carry this
 *       cluster's id, and with TLS its certificate must name the node it claims to be.</li>
 * </ul>
 */
public enum Access {
    CLIENT, ADMIN, PEER;

    /** True if a sender with role {@code sender} may use a channel registered with this access. */
    public boolean admits(Access sender) {
        return sender.compareTo(this) >= 0;
    }
}
