package io.eraft.api.transport;

import io.eraft.api.cluster.ClusterId;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous request/response between named nodes. One transport per node; it carries opaque payloads on named
 * channels (a Raft group uses its own channel), so Raft and ShardKV never see how bytes travel.
 *
 * <p>Contract (as MicroRaft's): methods never block and never throw for a network fault. A request that cannot be
 * delivered, or whose reply does not come within its timeout, completes exceptionally with a
 * {@link TransportException}; Raft treats that like a lost message and retries. Messages between one pair of nodes
 * may be lost, delayed or reordered; a payload is delivered whole or not at all.
 */
public interface Transport extends AutoCloseable {

    /** The node this transport belongs to. */
    NodeId localNode();

    /** The cluster this node belongs to, as its config named it ({@link ClusterId#UNKNOWN} for a client). */
    default ClusterId clusterId() {
        return ClusterId.UNKNOWN;
    }

    /**
     * Serves requests that arrive on {@code channel} from senders that {@code access} admits ({@link Access#admits});
     * a request from anyone else is refused by the transport (the handler never sees it) and the refusal is logged.
     * {@code from} as the handler sees it is the sender's node id: for {@link Access#PEER} channels a member of this
     * node's cluster (with TLS, proven by its certificate); for client channels the name the client gave. The handler
     * runs on a transport thread and must not block; it may complete its future later from any thread.
     *
     * @throws IllegalStateException if the channel already has a handler
     */
    void register(String channel, Access access, RequestHandler handler);

    /** Serves a peer-only channel: {@code register(channel, Access.PEER, handler)}. */
    default void register(String channel, RequestHandler handler) {
        register(channel, Access.PEER, handler);
    }

    /** Stops serving {@code channel}; requests to it then fail with {@link UnknownChannelException} at the sender. */
    void unregister(String channel);

    /**
     * Sends {@code payload} to {@code target}'s handler for {@code channel}; completes with its reply.
     * The transport owns {@code payload} from now on: the caller must not change it.
     */
    CompletableFuture<byte[]> request(NodeId target, String channel, byte[] payload, Duration timeout);

    /**
     * Tells a server's transport who the members of its group are now, after a membership change: every member
     * (voters and learners, this node included) and, for members its config does not know, where they are
     * ({@code host:port}; a node id of the form {@code host:port} is its own address). From now on the transport
     * dials a new member at that address and accepts its peer hellos (with TLS, proven by its certificate); a node that
     * is no longer a member is refused as a peer, and its established peer connections are closed. Client
     * connections are not affected. Members its config names stay reachable at their configured address.
     *
     * <p>A transport that does not check membership (an in-process test network) may ignore this; the default does.
     *
     * @param members   every member of the group now
     * @param addresses where members are reached that the transport's config does not name (others may be absent)
     */
    default void updateMembers(Set<NodeId> members, Map<NodeId, String> addresses) {
    }

    /**
     * Where this transport reaches {@code node} ({@code host:port}): its config's address, or one a membership change
     * named ({@link #updateMembers}); null when it does not know (an in-process transport, or an unknown node). A
     * server tells clerks the addresses of its group's members with it.
     */
    default String addressOf(NodeId node) {
        return null;
    }

    /**
     * Starts recording this transport's traffic to {@code metrics}, labelled by peer: messages and bytes sent and
     * received, round-trip times, connection state, backpressure; called once, right after the transport is created,
     * by the server that owns it. A transport that records nothing ignores it.
     */
    default void recordTo(io.eraft.api.metrics.Metrics metrics) {
    }

    /** Counters of what this node sent and received. */
    TransportStats stats();

    /** Closes connections; pending requests fail with {@link TransportException}. */
    @Override
    void close();
}
