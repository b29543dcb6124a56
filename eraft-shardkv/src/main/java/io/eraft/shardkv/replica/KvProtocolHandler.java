package io.eraft.shardkv.replica;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.command.Delete;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.space.SpaceAlarm;
import io.eraft.shardkv.space.SpaceMonitor;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The part of serving the KV protocol ({@link KvRequest} in, {@code KvResponse} out) that KV groups and shard groups
 * share: it decodes the request, checks its group and the KV limits, and answers every problem with BAD_REQUEST or
 * WRONG_GROUP; while the space alarm is raised it refuses puts, appends and compare-and-sets with NO_SPACE (reads
 * and deletes go on). The subclass serves the reads and writes that pass, proposing through {@link #propose}. Every
 * refusal made before proposing is marked {@code not_proposed}. Every request, refused or served, is recorded in the
 * server's {@link KvRequestMetrics} when its reply is ready. Never blocks the transport thread.
 * <p>Internal: replica machinery shared by the kv, shard and ctrler packages; io.eraft.shardkv does not export it.
 */
public abstract class KvProtocolHandler implements RequestHandler {
    /** The group this handler serves. */
    protected final String groupId;
    /** The group's Raft member on this node. */
    protected final RaftNode raft;
    private final KvLimits limits;
    private final SpaceMonitor space;
    private final Proposer proposer;
    private final KvRequestMetrics metrics;
    /** The latest configuration Raft reported (or, before any change, the one it started with); null until known. */
    private final AtomicReference<Membership> membership = new AtomicReference<>();
    private volatile Function<NodeId, String> addressBook = id -> null;

    /**
     * @param maxEntryBytes the largest log entry Raft accepts (its {@code maxAppendBytes})
     * @param space         this server's space alarm
     * @param metrics       where every request's duration and error are recorded
     */
    protected KvProtocolHandler(String groupId, RaftNode raft, KvLimits limits, long maxEntryBytes,
                                SpaceMonitor space, KvRequestMetrics metrics) {
        this.groupId = groupId;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.raft = raft;
        this.limits = limits;
        this.space = Objects.requireNonNull(space, "space");
        this.proposer = new Proposer(raft, maxEntryBytes, ENCODER);
        try {
            raft.addMembershipListener(membership::set);
        } catch (UnsupportedOperationException fixed) {
            // a fixed voter set: the configuration never changes
        }
    }

    @Override
    public final CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        long received = metrics.now();
        KvRequest request;
        try {
            request = KvRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return metrics.recorded(KvRequestMetrics.Op.UNKNOWN, received, reply(refusal(
                    KvStatus.KV_STATUS_BAD_REQUEST, "cannot decode the request (" + payload.length + " bytes): "
                            + e.getMessage())));
        }
        ClientWrite write = request.getBodyCase() == KvRequest.BodyCase.WRITE
                ? ClientWrite.decode(request.getWrite().toByteArray(), limits) : null;
        KvRequestMetrics.Op op = write != null ? KvRequestMetrics.Op.of(write.command())
                : request.getBodyCase() == KvRequest.BodyCase.READ ? KvRequestMetrics.Op.GET
                : KvRequestMetrics.Op.UNKNOWN;
        Membership newer = newerMembership(request);
        CompletableFuture<byte[]> reply = metrics.recorded(op, received, serve(request, write));
        return newer == null ? reply : reply.thenApply(bytes -> withMembership(bytes, newer));
    }

    /** Serves {@code request}; {@code write} is its write, decoded, or null when it is not one. */
    private CompletableFuture<byte[]> serve(KvRequest request, ClientWrite write) {
        if (!groupId.equals(request.getGroup())) {
            return reply(refusal(KvStatus.KV_STATUS_WRONG_GROUP, raft.self() + " serves group '" + groupId
                    + "', not '" + request.getGroup() + "'"));
        }
        switch (request.getBodyCase()) {
            case READ:
                byte[] key = request.getRead().getKey().toByteArray();
                String problem = limits.keyProblem(key);
                return problem != null ? reply(refusal(KvStatus.KV_STATUS_BAD_REQUEST, problem)) : read(key);
            case WRITE:
                if (write.problem() != null) {
                    return reply(refusal(KvStatus.KV_STATUS_BAD_REQUEST, write.problem()));
                }
                SpaceAlarm alarm = space.alarm();
                if (alarm.raised() && !(write.command() instanceof Delete)) {
                    return reply(refusal(KvStatus.KV_STATUS_NO_SPACE, "no space: " + raft.self() + " refuses "
                            + "writes that add data because " + alarm.reason() + "; reads and deletes are served, "
                            + "and writes are accepted again once space is back"));
                }
                return write(write);
            default:
                return reply(refusal(KvStatus.KV_STATUS_BAD_REQUEST, "the request has no read or write"));
        }
    }

    /** The configuration this member knows when the request asks to follow it and knows an older one, else null. */
    private Membership newerMembership(KvRequest request) {
        if (!request.hasConfigIndex()) {
            return null;
        }
        Membership m = membership.get();
        if (m == null) { // once: the configuration Raft started with, unless a change was reported meanwhile
            Membership started = raft.status().membership();
            m = started == null || membership.compareAndSet(null, started) ? started : membership.get();
        }
        return m != null && m.index() > request.getConfigIndex() ? m : null;
    }

    /**
     * Tells clerks where members are (those the configuration gives no address: the initial members, as this
     * server's transport reaches them), so that a clerk that knows only new servers also learns the old ones.
     */
    public void useAddressBook(Function<NodeId, String> book) {
        addressBook = Objects.requireNonNull(book, "book");
    }

    /** {@code reply} with configuration {@code m} added (clerks learn new servers and forget removed ones). */
    private byte[] withMembership(byte[] reply, Membership m) {
        try {
            KvResponse.Builder b = KvResponse.parseFrom(reply).toBuilder().setConfigIndex(m.index());
            Function<NodeId, String> book = addressBook;
            for (NodeId id : m.members()) {
                b.addMembers(id.value());
                String address = m.addressOf(id) != null ? m.addressOf(id) : book.apply(id);
                if (address != null) {
                    b.putMemberAddresses(id.value(), address);
                }
            }
            return b.build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return reply; // our own encoding: cannot happen; the reply goes out as it was
        }
    }

    /** Serves a read of {@code key}, which is within the limits. */
    protected abstract CompletableFuture<byte[]> read(byte[] key);

    /** Serves {@code write}, a decoded write within the limits, which the space alarm lets through. */
    protected abstract CompletableFuture<byte[]> write(ClientWrite write);

    /** Proposes log entry {@code entry}; completes with the state machine's reply or the failure reply. */
    protected final CompletableFuture<byte[]> propose(byte[] entry) {
        return proposer.propose(entry);
    }

    /** The reply for a Raft or store failure: NOT_LEADER with a hint, or UNAVAILABLE (the clerk retries). */
    protected final byte[] failure(Throwable error) {
        return proposer.failure(error);
    }

    /** A refusal made before proposing: {@code status} and {@code message}, marked not proposed. */
    protected static byte[] refusal(KvStatus status, String message) {
        return ENCODER.error(status, message, true);
    }

    /** {@code response}, already complete. */
    protected static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }

    /** The KV protocol's failure replies. */
    private static final FailureReplies.Encoder ENCODER = new FailureReplies.Encoder() {
        @Override
        public byte[] notLeader(NodeId hint, String message, boolean notProposed) {
            KvResponse.Builder b = KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_NOT_LEADER)
                    .setError(String.valueOf(message)).setNotProposed(notProposed);
            if (hint != null) {
                b.setLeaderHint(hint.value());
            }
            return b.build().toByteArray();
        }

        @Override
        public byte[] error(KvStatus status, String message, boolean notProposed) {
            return KvResponse.newBuilder().setStatus(status).setError(message).setNotProposed(notProposed).build()
                    .toByteArray();
        }
    };
}
