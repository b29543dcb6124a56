package io.eraft.dist.check;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The crafted Raft messages of the {@code forged} fault, and their sending: over the product's own client transport,
 * a connection to each server whose hello names another member of the group (in the role the check connects in, a
 * client), carrying the group's real cluster id, sends on the group's Raft channel a heartbeat with term 2^63-1, a
 * vote request with the transfer flag, an AppendEntries that would overwrite the log from index 1 and a 41-byte
 * InstallSnapshot, each in that member's name. Every one must be refused by the transport as access denied (a client
 * never reaches a peer channel), before Raft sees it.
 *
 * <p>The messages are {@code raft.proto}'s {@code RaftRequest}s written here field by field in the protobuf wire
 * format: the Raft module keeps its message classes to itself, and this module reaches Raft only through the API.
 */
final class ForgedMessages {
    /** The heartbeat's term: 2^63-1. */
    static final long HUGE_TERM = Long.MAX_VALUE;
    /** The snapshot's size in bytes (as small as the one that once replaced a whole store). */
    static final int SNAPSHOT_BYTES = 41;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ForgedMessages() {
    }

    /** What sending the forgeries came to. */
    record Outcome(int sent, int refused, List<String> answered, List<String> failed) {
        Outcome {
            answered = List.copyOf(answered);
            failed = List.copyOf(failed);
        }
    }

    /** Sends the forgeries of a group's current highest term (the messages use it and the term after it). */
    @FunctionalInterface
    interface Sender {
        Outcome send(long term) throws InterruptedException;
    }

    /**
     * The forged {@code RaftRequest}s, by what they are, in {@code member}'s name, with {@code cluster}'s id, for a
     * group whose highest term is {@code term}.
     */
    static Map<String, byte[]> forgeries(ClusterId cluster, long term, String member) {
        long next = term + 1;
        Map<String, byte[]> out = new LinkedHashMap<>();
        // RaftRequest: vote = 1, append = 2, heartbeat = 3, snapshot = 4, cluster_id = 15 (fixed64)
        out.put("heartbeat with term 2^63-1", new Proto()
                .message(3, new Proto().uint64(1, HUGE_TERM).string(2, member)) // HeartbeatRequest: term, leader
                .fixed64(15, cluster.value()).toByteArray());
        // VoteRequest: term, candidate, last_log_index, last_log_term, pre_vote = 5, transfer = 6
        out.put("transfer vote", new Proto()
                .message(1, new Proto().uint64(1, next).string(2, member).uint64(3, 1L << 20).uint64(4, term)
                        .bool(6, true))
                .fixed64(15, cluster.value()).toByteArray());
        // AppendRequest: term, leader, prev_log_index, prev_log_term, leader_commit = 5, entries = 6
        // Entry: index, term, noop = 3, data = 4
        out.put("overwriting append", new Proto()
                .message(2, new Proto().uint64(1, next).string(2, member).uint64(3, 0).uint64(4, 0).uint64(5, 1)
                        .message(6, new Proto().uint64(1, 1).uint64(2, next)
                                .bytes(4, "forged".getBytes(StandardCharsets.US_ASCII))))
                .fixed64(15, cluster.value()).toByteArray());
        // SnapshotChunk: term, leader, index, snapshot_term, offset = 5, data = 6, done = 7
        out.put(SNAPSHOT_BYTES + "-byte snapshot", new Proto()
                .message(4, new Proto().uint64(1, next).string(2, member).uint64(3, 1L << 20).uint64(4, next)
                        .uint64(5, 0).bytes(6, new byte[SNAPSHOT_BYTES]).bool(7, true))
                .fixed64(15, cluster.value()).toByteArray());
        return out;
    }

    /**
     * Sends every forgery to every server of {@code servers} on group {@code group}'s Raft channel: to each over a
     * connection of its own whose hello names the next member of the list (a lone server: a node named
     * {@code forger}), in {@code access}'s role and with its TLS files. A message is refused when the server answers
     * access denied; one that fails otherwise is sent once more before it counts as failed.
     */
    static Outcome send(PeerList servers, String group, ClientAccess access, ClusterId cluster, long term)
            throws InterruptedException {
        List<NodeId> ids = servers.ids();
        String channel = "raft/" + group;
        int sent = 0;
        int refused = 0;
        List<String> answered = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            NodeId target = ids.get(i);
            NodeId named = ids.size() > 1 ? ids.get((i + 1) % ids.size()) : NodeId.of("forger");
            Map<NodeId, String> addresses = new LinkedHashMap<>(servers.addresses());
            addresses.remove(named); // else the transport would listen on that member's port
            Map<String, byte[]> messages = forgeries(cluster, term, named.value());
            Transport t;
            try {
                t = TransportProvider.byName(EraftServer.TRANSPORT).create(new TransportConfig(named, addresses,
                        access.tls().transportOptions(), ClusterId.UNKNOWN, access.role()));
            } catch (RuntimeException e) {
                failed.add("no connection to " + target + " naming " + named + ": " + e);
                continue;
            }
            try (t) {
                for (Map.Entry<String, byte[]> m : messages.entrySet()) {
                    sent++;
                    String what = "a " + m.getKey() + " to " + target + " from a connection naming " + named;
                    Throwable outcome = request(t, target, channel, m.getValue());
                    if (outcome != null && !deniedAccess(outcome)) {
                        outcome = request(t, target, channel, m.getValue());
                    }
                    if (outcome == null) {
                        answered.add(what);
                    } else if (deniedAccess(outcome)) {
                        refused++;
                    } else {
                        failed.add(what + ": " + outcome);
                    }
                }
            }
        }
        return new Outcome(sent, refused, answered, failed);
    }

    /** How one request ended: null if it was answered, else its failure. */
    private static Throwable request(Transport t, NodeId target, String channel, byte[] message)
            throws InterruptedException {
        try {
            t.request(target, channel, message.clone(), TIMEOUT).get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (TimeoutException e) {
            return new TimeoutException("no answer within " + 2 * TIMEOUT.toSeconds() + " s");
        }
    }

    private static boolean deniedAccess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return true;
            }
        }
        return false;
    }

    /** A protobuf message written field by field; scalar fields at their default (0, false, empty) are left out. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto uint64(int field, long value) {
            if (value != 0) {
                tag(field, 0);
                varint(value);
            }
            return this;
        }

        Proto bool(int field, boolean value) {
            return uint64(field, value ? 1 : 0);
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] value) {
            if (value.length > 0) {
                delimited(field, value);
            }
            return this;
        }

        /** An embedded message: written even when empty (its presence is what selects a oneof case). */
        Proto message(int field, Proto value) {
            delimited(field, value.toByteArray());
            return this;
        }

        Proto fixed64(int field, long value) {
            if (value != 0) {
                tag(field, 1);
                for (int i = 0; i < 8; i++) {
                    out.write((int) (value >>> (8 * i)) & 0xFF);
                }
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void delimited(int field, byte[] value) {
            tag(field, 2);
            varint(value.length);
            out.writeBytes(value);
        }

        private void tag(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        private void varint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
