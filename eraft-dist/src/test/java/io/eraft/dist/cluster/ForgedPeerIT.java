package io.eraft.dist.cluster;

import com.google.protobuf.ByteString;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.VoteRequest;
import io.eraft.shardkv.kv.KvClerk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A program on the servers' host, using the product's own netty transport, sends crafted Raft messages (a heartbeat
 * and a vote with term 2^63-1, a transfer vote, an AppendEntries that would overwrite the log, a 41-byte
 * InstallSnapshot) to every node of a 3-process group: as a client that names member n1, as a client of its own
 * name, as a peer of another cluster and as a peer that is no member. Every message is refused (AccessDenied, the
 * handler never runs), the nodes log the refusals, their terms and leader do not move and every acknowledged write
 * stays readable.
 */
class ForgedPeerIT {
    private static final int KEYS = 100;
    private static final long HUGE = Long.MAX_VALUE;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The forged messages, each carrying the group's real cluster id (so that only the sender's role refuses it). */
    private static Map<String, RaftRequest> forgeries(ClusterId cluster, long term) {
        Map<String, RaftRequest> out = new LinkedHashMap<>();
        out.put("heartbeat with term 2^63-1", RaftRequest.newBuilder().setClusterId(cluster.value())
                .setHeartbeat(HeartbeatRequest.newBuilder().setTerm(HUGE).setLeader("n1")).build());
        out.put("vote request with term 2^63-1", RaftRequest.newBuilder().setClusterId(cluster.value())
                .setVote(VoteRequest.newBuilder().setTerm(HUGE).setCandidate("n1").setLastLogIndex(HUGE)
                        .setLastLogTerm(HUGE)).build());
        out.put("transfer vote", RaftRequest.newBuilder().setClusterId(cluster.value())
                .setVote(VoteRequest.newBuilder().setTerm(term + 1).setCandidate("n1").setLastLogIndex(1 << 20)
                        .setLastLogTerm(term).setTransfer(true)).build());
        out.put("overwriting append", RaftRequest.newBuilder().setClusterId(cluster.value())
                .setAppend(AppendRequest.newBuilder().setTerm(term + 1).setLeader("n1").setPrevLogIndex(0)
                        .setPrevLogTerm(0).setLeaderCommit(1).addEntries(Entry.newBuilder().setIndex(1)
                                .setTerm(term + 1).setData(ByteString.copyFromUtf8("forged")))).build());
        out.put("41-byte snapshot", RaftRequest.newBuilder().setClusterId(cluster.value())
                .setSnapshot(SnapshotChunk.newBuilder().setTerm(term + 1).setLeader("n1").setIndex(1 << 20)
                        .setSnapshotTerm(term + 1).setOffset(0).setData(ByteString.copyFrom(new byte[41]))
                        .setDone(true)).build());
        return out;
    }

    @Test
    @Timeout(240)
    void raftMessagesFromAClientOrANonMemberAreRefusedAndTheGroupKeepsItsTermsAndWrites(@TempDir Path dir)
            throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3).startAll()) {
            NodeId leader = cluster.awaitLeader();
            cluster.awaitAllOnline();
            KvClerk clerk = cluster.client.newClerk();
            for (int i = 0; i < KEYS; i++) {
                clerk.put(bytes("k" + i), bytes("v" + i));
            }
            ClusterId clusterId = ClusterId.derive(ClusterId.DEFAULT_TOKEN, cluster.peers.addresses());
            Map<NodeId, Long> terms = cluster.terms();
            long term = terms.get(leader);

            Map<NodeId, String> n9Knows = new LinkedHashMap<>(cluster.peers.addresses());
            n9Knows.put(NodeId.of("n9"), "127.0.0.1:" + FreePorts.pick(1).get(0));
            Map<String, TransportConfig> forgers = new LinkedHashMap<>();
            Map<NodeId, String> withoutN1 = new LinkedHashMap<>(cluster.peers.addresses());
            withoutN1.remove(NodeId.of("n1")); // else its transport would listen on n1's port; it talks to n2, n3
            forgers.put("a client naming member n1", new TransportConfig(NodeId.of("n1"), withoutN1, Map.of()));
            forgers.put("a client of its own name",
                    new TransportConfig(NodeId.of("intruder"), cluster.peers.addresses(), Map.of()));
            forgers.put("a peer of another cluster", TransportConfig.peer(NodeId.of("n9"), n9Knows, Map.of(),
                    ClusterId.derive("another-cluster", cluster.peers.addresses())));
            forgers.put("a peer that is no member", TransportConfig.peer(NodeId.of("n9"), n9Knows, Map.of(),
                    clusterId));

            List<String> accepted = new ArrayList<>();
            for (Map.Entry<String, TransportConfig> forger : forgers.entrySet()) {
                try (Transport t = TransportProvider.byName("netty").create(forger.getValue())) {
                    for (Map.Entry<String, RaftRequest> message : forgeries(clusterId, term).entrySet()) {
                        for (NodeId target : cluster.peers.ids()) {
                            if (!forger.getValue().addresses().containsKey(target)
                                    || target.equals(forger.getValue().self())) {
                                continue;
                            }
                            Throwable refusal = refusal(t, target, message.getValue());
                            if (!(refusal instanceof AccessDeniedException)) {
                                accepted.add(forger.getKey() + " sent a " + message.getKey() + " to " + target + ": "
                                        + (refusal == null ? "answered" : refusal));
                            }
                        }
                    }
                }
            }
            assertEquals(List.of(), accepted, "every forged message is refused as access denied");

            assertEquals(leader, cluster.awaitLeader(), "the leader did not change" + cluster.describe());
            assertEquals(terms, cluster.terms(), "no term moved" + cluster.describe());
            for (int i = 0; i < KEYS; i++) {
                assertArrayEquals(bytes("v" + i), clerk.get(bytes("k" + i)).orElseThrow(),
                        "k" + i + " lost" + cluster.describe());
            }
            clerk.put(bytes("after"), bytes("forgeries"));
            for (ServerProcess node : cluster.nodes) {
                String log = node.log();
                assertTrue(log.contains("intruder") && log.contains("n9") && log.contains("refused"),
                        node.id + " logged no refusal naming the senders:\n" + node.logTail());
            }
        }
    }

    /** The failure of one forged request to {@code target}, or null if it was answered. */
    private static Throwable refusal(Transport t, NodeId target, RaftRequest message) throws InterruptedException {
        try {
            t.request(target, "raft/kv", message.toByteArray(), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            fail("no answer to a forged request to " + target + " within 10 s");
            return e;
        }
    }
}
