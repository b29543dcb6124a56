package io.eraft.raft;

import com.google.protobuf.ByteString;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.TimeoutNowRequest;
import io.eraft.raft.proto.VoteRequest;
import io.eraft.raft.proto.VoteResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Admission} lets through to a member of cluster A with peers n1 and n2, and why it refuses the rest. */
class AdmissionTest {
    private static final ClusterId A = new ClusterId(0xA);
    private static final ClusterId B = new ClusterId(0xB);
    private static final NodeId N0 = NodeId.of("n0");
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final long ABSURD = (1L << 53) + 1;

    private final Admission admission = new Admission("g/n0", A, N0, List.of(N1, N2), System::nanoTime);

    private static RaftRequest.Builder of(ClusterId cluster) {
        return RaftRequest.newBuilder().setClusterId(cluster.value());
    }

    private static AppendRequest.Builder append(String leader, long term) {
        return AppendRequest.newBuilder().setTerm(term).setLeader(leader).setPrevLogIndex(4).setPrevLogTerm(2)
                .setLeaderCommit(5).addEntries(Entry.newBuilder().setIndex(5).setTerm(2))
                .addEntries(Entry.newBuilder().setIndex(6).setTerm(3));
    }

    private static RaftRequest heartbeat(ClusterId cluster, String leader, long term) {
        return of(cluster).setHeartbeat(HeartbeatRequest.newBuilder().setTerm(term).setLeader(leader).setCommit(3))
                .build();
    }

    private void assertRefused(NodeId from, RaftRequest request, String because) {
        String reason = admission.refusal(from, request);
        assertNotNull(reason, "admitted " + request + " from " + from);
        assertTrue(reason.contains(because), "the reason '" + reason + "' does not say '" + because + "'");
    }

    @Test
    void wellFormedMessagesOfMembersOfTheClusterAreAdmitted() {
        assertNull(admission.refusal(N1, of(A).setAppend(append("n1", 3)).build()));
        assertNull(admission.refusal(N2, heartbeat(A, "n2", 7)));
        assertNull(admission.refusal(N1, of(A).setVote(VoteRequest.newBuilder().setTerm(4).setCandidate("n1")
                .setLastLogIndex(9).setLastLogTerm(3)).build()));
        assertNull(admission.refusal(N1, of(A).setSnapshot(SnapshotChunk.newBuilder().setTerm(4).setLeader("n1")
                .setIndex(100).setSnapshotTerm(3).setOffset(1024).setData(ByteString.copyFromUtf8("x"))).build()));
        assertNull(admission.refusal(N1, of(A).setTimeoutNow(TimeoutNowRequest.newBuilder().setTerm(4)
                .setLeader("n1")).build()));
    }

    @Test
    void messagesOfAnotherClusterOrWithoutAClusterAreRefused() {
        assertRefused(N1, heartbeat(B, "n1", 7), "cluster " + B);
        assertRefused(N1, heartbeat(ClusterId.UNKNOWN, "n1", 7), "cluster " + ClusterId.UNKNOWN);
    }

    @Test
    void aMemberWhoseClusterIsUnknownChecksEverythingButTheCluster() {
        Admission open = new Admission("g/n0", ClusterId.UNKNOWN, N0, List.of(N1, N2), System::nanoTime);
        assertNull(open.refusal(N1, heartbeat(B, "n1", 7)));
        assertNotNull(open.refusal(NodeId.of("intruder"), heartbeat(B, "intruder", 7)));
    }

    @Test
    void nonMembersAreRefusedWhateverTheyClaim() {
        assertRefused(NodeId.of("intruder"), heartbeat(A, "intruder", 7), "not a member");
        assertRefused(NodeId.of("client"), of(A).setSnapshot(SnapshotChunk.newBuilder().setTerm(9).setLeader("client")
                .setIndex(1).setSnapshotTerm(1).setDone(true)).build(), "not a member");
        assertRefused(N0, heartbeat(A, "n0", 7), "not a member"); // a member never sends to itself
    }

    @Test
    void aMemberCannotSpeakForAnother() {
        assertRefused(N2, of(A).setAppend(append("n1", 3)).build(), "a leader speaks for itself");
        assertRefused(N2, heartbeat(A, "n1", 3), "a leader speaks for itself");
        assertRefused(N2, of(A).setVote(VoteRequest.newBuilder().setTerm(4).setCandidate("n1")).build(),
                "a candidate asks for itself");
        assertRefused(N2, of(A).setSnapshot(SnapshotChunk.newBuilder().setTerm(4).setLeader("n1").setIndex(3)
                .setSnapshotTerm(1)).build(), "a leader speaks for itself");
        assertRefused(N2, of(A).setTimeoutNow(TimeoutNowRequest.newBuilder().setTerm(4).setLeader("n1")).build(),
                "a leader speaks for itself");
    }

    @Test
    void absurdTermsAreRefusedUpToTheLargestUnsignedValue() {
        assertRefused(N1, heartbeat(A, "n1", ABSURD), "absurd");
        assertRefused(N1, heartbeat(A, "n1", Long.MAX_VALUE), "absurd");
        assertRefused(N1, heartbeat(A, "n1", -1L), "absurd"); // 2^64 - 1 on the wire
        assertRefused(N1, heartbeat(A, "n1", 0), "absurd");
        assertRefused(N1, of(A).setVote(VoteRequest.newBuilder().setTerm(Long.MAX_VALUE).setCandidate("n1")).build(),
                "absurd");
        assertNull(admission.refusal(N1, heartbeat(A, "n1", 1L << 53)));
    }

    @Test
    void appendsWhoseEntriesDoNotFollowOnOrWhoseTermsAreInconsistentAreRefused() {
        assertRefused(N1, of(A).setAppend(append("n1", 3).setEntries(1, Entry.newBuilder().setIndex(7).setTerm(3)))
                .build(), "expected 6");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setEntries(1, Entry.newBuilder().setIndex(6).setTerm(1)))
                .build(), "term 1");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setEntries(1, Entry.newBuilder().setIndex(6).setTerm(4)))
                .build(), "term 4");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setPrevLogTerm(5)).build(), "prev_log_term");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setPrevLogIndex(-1)).build(), "prev_log_index");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setLeaderCommit(Long.MAX_VALUE)).build(), "leader_commit");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setTransferTo("intruder")).build(), "transfer");
        assertRefused(N1, of(A).setAppend(append("n1", 3).setTransferTo("n1")).build(), "transfer");
    }

    @Test
    void snapshotChunksAndVotesWithInconsistentFieldsAreRefused() {
        SnapshotChunk.Builder chunk = SnapshotChunk.newBuilder().setTerm(4).setLeader("n1").setIndex(10)
                .setSnapshotTerm(3).setData(ByteString.copyFromUtf8("41 bytes of a forged snapshot"));
        assertRefused(N1, of(A).setSnapshot(chunk.clone().setSnapshotTerm(5)).build(), "snapshot_term");
        assertRefused(N1, of(A).setSnapshot(chunk.clone().setIndex(0)).build(), "snapshot index");
        assertRefused(N1, of(A).setSnapshot(chunk.clone().setOffset(Long.MAX_VALUE)).build(), "chunk offset");
        assertRefused(N1, of(A).setVote(VoteRequest.newBuilder().setTerm(4).setCandidate("n1").setLastLogIndex(3)
                .setLastLogTerm(5)).build(), "last_log_term");
        assertRefused(N1, of(A).setVote(VoteRequest.newBuilder().setTerm(4).setCandidate("n1").setLastLogIndex(0)
                .setLastLogTerm(2)).build(), "empty log");
    }

    @Test
    void repliesOfAnotherClusterOrWithAnAbsurdTermAreRefused() {
        RaftResponse.Builder granted = RaftResponse.newBuilder()
                .setVote(VoteResponse.newBuilder().setTerm(5).setGranted(true));
        assertNull(admission.responseRefusal(granted.clone().setClusterId(A.value()).build()));
        assertNotNull(admission.responseRefusal(granted.clone().setClusterId(B.value()).build()));
        assertNotNull(admission.responseRefusal(granted.clone().build()));
        assertNotNull(admission.responseRefusal(RaftResponse.newBuilder().setClusterId(A.value())
                .setVote(VoteResponse.newBuilder().setTerm(Long.MAX_VALUE)).build()));
    }

    @Test
    void membershipFollowsTheCurrentConfigurationAndTheFollowedLeaderStaysAdmittedForItsTerm() {
        NodeId n3 = NodeId.of("n3");
        java.util.concurrent.atomic.AtomicReference<io.eraft.api.raft.Membership> config =
                new java.util.concurrent.atomic.AtomicReference<>(membership(0, List.of(N0, N1, N2), List.of()));
        java.util.concurrent.atomic.AtomicReference<Standing> standing =
                new java.util.concurrent.atomic.AtomicReference<>(new Standing(7, io.eraft.api.raft.Role.FOLLOWER, N1));
        Admission dynamic = new Admission("g/n0", A, N0, config::get, System::nanoTime);
        dynamic.followLeadersOf(standing::get);
        assertNotNull(dynamic.refusal(n3, heartbeat(A, "n3", 7)), "admitted n3 before it was added");

        config.set(membership(5, List.of(N0, N1, N2), List.of(n3))); // the entry adding n3 was appended
        assertNull(dynamic.refusal(n3, heartbeat(A, "n3", 7)));

        config.set(membership(6, List.of(N0, N2), List.of(n3))); // n1, the leader followed in term 7, was removed
        assertNull(dynamic.refusal(N1, heartbeat(A, "n1", 7)), "the removed leader cannot finish its term");
        assertNull(dynamic.refusal(N1, of(A).setTimeoutNow(TimeoutNowRequest.newBuilder().setTerm(7)
                .setLeader("n1")).build()));
        // not a leader message of the followed term
        assertTrue(dynamic.refusal(N1, heartbeat(A, "n1", 8)).contains("not a member"));
        assertTrue(dynamic.refusal(N1, of(A).setVote(VoteRequest.newBuilder().setTerm(8).setCandidate("n1"))
                .build()).contains("not a member"));
        standing.set(new Standing(8, io.eraft.api.raft.Role.FOLLOWER, N2)); // another leader is followed now
        assertNotNull(dynamic.refusal(N1, heartbeat(A, "n1", 7)), "admitted the removed member after it lost the lead");

        config.set(membership(5, List.of(N0, N1, N2), List.of(n3))); // entry 6 truncated: the removal is undone
        assertNull(dynamic.refusal(N1, heartbeat(A, "n1", 9)));
    }

    @Test
    void configurationEntriesAndSnapshotConfigurationsThatAreMalformedAreRefused() {
        ByteString garbage = ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02});
        assertRefused(N1, of(A).setAppend(append("n1", 3).setEntries(1, Entry.newBuilder().setIndex(6).setTerm(3)
                .setNoop(true).setData(garbage))).build(), "not a configuration");
        ByteString noVoters = io.eraft.raft.proto.Configuration.newBuilder().addLearners("n3").build().toByteString();
        assertRefused(N1, of(A).setAppend(append("n1", 3).setEntries(1, Entry.newBuilder().setIndex(6).setTerm(3)
                .setNoop(true).setData(noVoters))).build(), "without voters");
        SnapshotChunk.Builder chunk = SnapshotChunk.newBuilder().setTerm(4).setLeader("n1").setIndex(10)
                .setSnapshotTerm(3).setConfigurationIndex(4).setConfiguration(io.eraft.raft.proto.Configuration
                        .newBuilder().addVoters("n1").addVoters("bad id!"));
        assertRefused(N1, of(A).setSnapshot(chunk).build(), "malformed configuration");
        assertRefused(N1, of(A).setSnapshot(chunk.clone().setConfiguration(io.eraft.raft.proto.Configuration
                .newBuilder().addVoters("n1")).setConfigurationIndex(11)).build(), "configuration_index");
    }

    private static io.eraft.api.raft.Membership membership(long index, List<NodeId> voters, List<NodeId> learners) {
        return new io.eraft.api.raft.Membership(index, java.util.Set.copyOf(voters), java.util.Set.copyOf(learners));
    }
}
