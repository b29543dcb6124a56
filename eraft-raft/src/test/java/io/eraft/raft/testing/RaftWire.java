package io.eraft.raft.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends hand-made Raft messages to a {@link RaftCluster}'s members, as a forger would: from any transport (a
 * non-member joined to the network, or a member's own), with whatever the message claims.
 */
public final class RaftWire {
    /** The channel the cluster's members serve Raft on. */
    public static final String CHANNEL = "raft/" + RaftCluster.GROUP;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RaftWire() {
    }

    /**
     * What became of a message: the member's answer, or the failure it was refused with.
     *
     * @param response the answer, or null
     * @param refusal  the failure, or null
     */
    public record Outcome(RaftResponse response, Throwable refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** Sends {@code request} through {@code via} to {@code target} and waits for the outcome. */
    public static Outcome send(Transport via, NodeId target, RaftRequest request) {
        try {
            byte[] reply = via.request(target, CHANNEL, request.toByteArray(), TIMEOUT)
                    .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new Outcome(RaftResponse.parseFrom(reply), null);
        } catch (ExecutionException e) {
            return new Outcome(null, e.getCause());
        } catch (InvalidProtocolBufferException | TimeoutException e) {
            throw new AssertionError("no usable answer from " + target + " to a forged message", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + target, e);
        }
    }

    /** Sends {@code request} and fails unless {@code target} refused it; returns the refusal. */
    public static Throwable expectRefused(Transport via, NodeId target, RaftRequest request) {
        Outcome o = send(via, target, request);
        if (!o.refused()) {
            throw new AssertionError(target + " answered a message it must refuse: " + request.getBodyCase()
                    + " from " + via.localNode() + " -> " + o.response());
        }
        return o.refusal();
    }
}
