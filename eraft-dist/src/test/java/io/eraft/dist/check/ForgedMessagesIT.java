package io.eraft.dist.check;

import com.google.protobuf.ByteString;
import io.eraft.api.cluster.ClusterId;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.VoteRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The forged messages of {@code eraft check}, written field by field, are the {@code raft.proto} messages they claim
 * to be (on the class path, where the Raft module's message classes are visible), byte for byte.
 */
class ForgedMessagesIT {
    @Test
    void theForgeriesAreTheRaftRequestsTheyClaimToBe() throws Exception {
        ClusterId cluster = ClusterId.parse(LocalServers.CLUSTER_ID);
        long term = 7;
        Map<String, byte[]> forged = ForgedMessages.forgeries(cluster, term, "n2");
        Map<String, RaftRequest> expected = Map.of(
                "heartbeat with term 2^63-1", RaftRequest.newBuilder().setClusterId(cluster.value())
                        .setHeartbeat(HeartbeatRequest.newBuilder().setTerm(Long.MAX_VALUE).setLeader("n2")).build(),
                "transfer vote", RaftRequest.newBuilder().setClusterId(cluster.value())
                        .setVote(VoteRequest.newBuilder().setTerm(term + 1).setCandidate("n2")
                                .setLastLogIndex(1 << 20).setLastLogTerm(term).setTransfer(true)).build(),
                "overwriting append", RaftRequest.newBuilder().setClusterId(cluster.value())
                        .setAppend(AppendRequest.newBuilder().setTerm(term + 1).setLeader("n2").setLeaderCommit(1)
                                .addEntries(Entry.newBuilder().setIndex(1).setTerm(term + 1)
                                        .setData(ByteString.copyFromUtf8("forged")))).build(),
                "41-byte snapshot", RaftRequest.newBuilder().setClusterId(cluster.value())
                        .setSnapshot(SnapshotChunk.newBuilder().setTerm(term + 1).setLeader("n2").setIndex(1 << 20)
                                .setSnapshotTerm(term + 1).setData(ByteString.copyFrom(new byte[41])).setDone(true))
                        .build());
        assertEquals(expected.keySet(), forged.keySet());
        for (Map.Entry<String, RaftRequest> e : expected.entrySet()) {
            assertEquals(e.getValue(), RaftRequest.parseFrom(forged.get(e.getKey())), e.getKey());
            assertArrayEquals(e.getValue().toByteArray(), forged.get(e.getKey()), e.getKey() + ", byte for byte");
        }
    }
}
