package io.eraft.shardkv.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.command.Command;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.retry.FakeTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How clerks report failures, against scripted servers: definite ({@link KvNotAppliedException}: not applied, and
 * cannot apply later) only when no attempt of the operation may have applied, indeterminate
 * ({@link KvOutcomeUnknownException}) otherwise; a transport's access refusal is definite and never retried; after
 * a definite failure the write's sequence number is reused.
 */
@Timeout(60)
class ClerkFailureKindsTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final List<NodeId> SERVERS = List.of(A, B);
    private static final ClerkOptions OPTIONS = new ClerkOptions(Duration.ofMillis(100), Duration.ofMillis(600),
            Duration.ofMillis(5), Duration.ofMillis(20), KvLimits.DEFAULT);
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    private static CompletableFuture<byte[]> kv(KvStatus status, boolean notProposed, String hint) {
        return CompletableFuture.completedFuture(KvResponse.newBuilder().setStatus(status).setNotProposed(notProposed)
                .setLeaderHint(hint).setError(status == KvStatus.KV_STATUS_OK ? "" : "scripted " + status).build()
                .toByteArray());
    }

    private static CompletableFuture<byte[]> notLeaderUnproposed(String hint) {
        return kv(KvStatus.KV_STATUS_NOT_LEADER, true, hint);
    }

    private static CompletableFuture<byte[]> noSpace() {
        return kv(KvStatus.KV_STATUS_NO_SPACE, true, "");
    }

    private static KvClerk clerk(FakeTransport t) {
        return KvClerk.create(t, "g", SERVERS, OPTIONS, 5);
    }

    private static Command command(FakeTransport.Sent sent) {
        try {
            return WIRE.decodeCommand(KvRequest.parseFrom(sent.payload()).getWrite().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRefusalAfterAttemptsThatWereNeverProposedIsDefinite() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> to.equals(A) ? notLeaderUnproposed("b")
                : noSpace());
        KvNoSpaceException e = assertThrows(KvNoSpaceException.class, () -> clerk(t).put(bytes("k"), bytes("v")));
        assertInstanceOf(KvNotAppliedException.class, e);
        assertEquals("scripted KV_STATUS_NO_SPACE", e.getMessage());
        assertEquals(List.of(A, B), t.targets(), "a's hint led to b, which refused the write at once");
    }

    @Test
    void aRefusalAfterAnAttemptWithoutADefiniteAnswerIsIndeterminateAndNamesTheRefusal() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> to.equals(A)
                ? FakeTransport.noAnswerTo(to, payload, timeout) : noSpace());
        KvOutcomeUnknownException e = assertThrows(KvOutcomeUnknownException.class,
                () -> clerk(t).put(bytes("k"), bytes("v")));
        assertInstanceOf(KvNoSpaceException.class, e.getCause(), "the refusal is the cause");
        assertTrue(e.getMessage().contains("may have applied"), e.getMessage());
    }

    @Test
    void aNotLeaderReplyThatMayHaveBeenProposedMakesALaterRefusalIndeterminate() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> to.equals(A)
                ? kv(KvStatus.KV_STATUS_NOT_LEADER, false, "b") : noSpace());
        assertThrows(KvOutcomeUnknownException.class, () -> clerk(t).put(bytes("k"), bytes("v")));
    }

    @Test
    void aTimeoutWhenEveryServerSaidItDidNotProposeTheWriteIsDefinite() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> to.equals(A) ? notLeaderUnproposed("")
                : kv(KvStatus.KV_STATUS_UNAVAILABLE, true, ""));
        KvUnavailableException e = assertThrows(KvUnavailableException.class,
                () -> clerk(t).put(bytes("k"), bytes("v")));
        assertTrue(e.getMessage().contains("so it was not applied"), e.getMessage());
        assertTrue(t.sent().size() > SERVERS.size(), "it kept trying until the deadline");
    }

    @Test
    void aTimeoutAfterALostConnectionIsIndeterminate() {
        AtomicInteger attempts = new AtomicInteger();
        FakeTransport t = new FakeTransport((to, payload, timeout) -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new PeerUnreachableException("connection to a closed"))
                : notLeaderUnproposed(""));
        KvTimeoutException e = assertThrows(KvTimeoutException.class, () -> clerk(t).put(bytes("k"), bytes("v")));
        assertInstanceOf(KvOutcomeUnknownException.class, e);
    }

    @Test
    void aReadThatTimesOutIsATimeoutWhateverTheServersSaid() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> notLeaderUnproposed(""));
        assertThrows(KvTimeoutException.class, () -> clerk(t).get(bytes("k")));
    }

    @Test
    void anAccessRefusalByTheTransportFailsAtOnceAsDefiniteWithoutRetrying() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> CompletableFuture.failedFuture(
                new AccessDeniedException("channel 'kv/g' admits clients of cluster 1 only")));
        KvAccessDeniedException e = assertThrows(KvAccessDeniedException.class,
                () -> clerk(t).put(bytes("k"), bytes("v")));
        assertInstanceOf(KvNotAppliedException.class, e);
        assertTrue(e.getMessage().contains("a refused put #1 on channel 'kv/g'"), e.getMessage());
        assertInstanceOf(AccessDeniedException.class, e.getCause());
        assertEquals(1, t.sent().size(), "a definite refusal is not retried");
    }

    @Test
    void afterADefiniteFailureTheNextWriteReusesTheSequenceNumberButNotAfterAnIndeterminateOne() {
        AtomicInteger writes = new AtomicInteger();
        FakeTransport t = new FakeTransport((to, payload, timeout) -> switch (writes.incrementAndGet()) {
            case 1 -> noSpace();
            case 2 -> kv(KvStatus.KV_STATUS_OK, false, "");
            case 3 -> CompletableFuture.failedFuture(new PeerUnreachableException("lost"));
            case 4 -> noSpace();
            default -> kv(KvStatus.KV_STATUS_OK, false, "");
        });
        KvClerk clerk = clerk(t);
        assertThrows(KvNoSpaceException.class, () -> clerk.put(bytes("k"), bytes("1")));
        clerk.put(bytes("k"), bytes("2"));
        assertThrows(KvOutcomeUnknownException.class, () -> clerk.put(bytes("k"), bytes("3")));
        clerk.put(bytes("k"), bytes("4"));
        List<Long> sequences = t.sent().stream().map(s -> command(s).sequence()).toList();
        assertEquals(List.of(1L, 1L, 2L, 2L, 3L), sequences,
                "the refused write's number is reused; the one that may have applied keeps its number");
    }

    @Test
    void theControllerClerkQueriesOnTheClientChannelAndChangesOnTheAdminChannel() {
        ShardConfig config = new ShardConfig(1, List.of("g"), new TreeMap<>(Map.of("g", List.of(NodeId.of("g-0")))));
        FakeTransport t = new FakeTransport((to, payload, timeout) -> CompletableFuture.completedFuture(
                CtrlerResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).setConfig(config.toRecord()).build()
                        .toByteArray()));
        ControllerClerk clerk = ControllerClerk.create(t, "c", SERVERS, OPTIONS, 9);
        clerk.latest();
        clerk.move(0, "g");
        assertEquals(List.of(ControllerServer.channel("c"), ControllerServer.adminChannel("c")),
                t.sent().stream().map(FakeTransport.Sent::channel).toList());
        assertEquals("ctrler/c", ControllerServer.channel("c"));
        assertEquals("ctrler-admin/c", ControllerServer.adminChannel("c"));
    }

    @Test
    void aChangeTheTransportRefusesIsDefiniteAndItsSequenceNumberIsReused() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        ShardConfig config = new ShardConfig(1, List.of("g"), new TreeMap<>(Map.of("g", List.of(NodeId.of("g-0")))));
        FakeTransport t = new FakeTransport((to, payload, timeout) -> changes.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new AccessDeniedException("the admin channel admits admins only"))
                : CompletableFuture.completedFuture(CtrlerResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK)
                        .setConfig(config.toRecord()).build().toByteArray()));
        ControllerClerk clerk = ControllerClerk.create(t, "c", SERVERS, OPTIONS, 9);
        KvAccessDeniedException e = assertThrows(KvAccessDeniedException.class, () -> clerk.move(0, "g"));
        assertTrue(e.getMessage().contains("admits admins only"), e.getMessage());
        clerk.move(0, "g");
        List<Long> sequences = t.sent().stream().map(s -> decodeChange(s.payload())).toList();
        assertEquals(List.of(1L, 1L), sequences, "the refused change was never proposed: its number is reused");
    }

    private static long decodeChange(byte[] payload) {
        try {
            return CtrlerRequest.parseFrom(payload).getChange().getSequence();
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
