package io.eraft.shardkv.ctrler;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.SessionExpiredException;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.CtrlerResponse;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller clerk's asynchronous forms against a scripted transport: change order, sequence numbers, sessions. */
@Timeout(30)
class ControllerClerkTest {
    private static final List<NodeId> SERVERS = List.of(NodeId.of("m0"), NodeId.of("m1"));
    private static final ClerkOptions OPTIONS = new ClerkOptions(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMillis(5), Duration.ofMillis(20), KvLimits.DEFAULT);
    private static final List<NodeId> G_SERVERS = List.of(NodeId.of("g-0"));

    private static ShardConfig config(long num) {
        return new ShardConfig(num, List.of("g", "g"), new TreeMap<>(Map.of("g", G_SERVERS)));
    }

    private static CompletableFuture<byte[]> reply(KvStatus status, long configNum) {
        return CompletableFuture.completedFuture(CtrlerResponse.newBuilder().setStatus(status)
                .setConfig(config(configNum).toRecord()).setError(status == KvStatus.KV_STATUS_OK ? "" : "scripted")
                .build().toByteArray());
    }

    private static CtrlerRequest decode(byte[] payload) {
        try {
            return CtrlerRequest.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CtrlerRequest> requests(FakeTransport t) {
        return t.sent().stream().map(s -> decode(s.payload())).toList();
    }

    @Test
    void changesRunOneAfterAnotherAndEachKeepsOneSequenceNumberThroughItsRetries() throws Exception {
        CompletableFuture<byte[]> firstJoinAnswer = new CompletableFuture<>();
        FakeTransport t = new FakeTransport((to, payload, timeout) -> {
            CtrlerRequest r = decode(payload);
            if (!r.hasChange()) {
                return reply(KvStatus.KV_STATUS_OK, 0);
            }
            if (r.getChange().getSequence() == 1) {
                return to.equals(SERVERS.get(0)) ? reply(KvStatus.KV_STATUS_UNAVAILABLE, 0) : firstJoinAnswer;
            }
            return reply(KvStatus.KV_STATUS_OK, 2);
        });
        ControllerClerk clerk = ControllerClerk.create(t, "c", SERVERS, OPTIONS, 77);

        CompletableFuture<ShardConfig> first = clerk.joinAsync(Map.of("g", G_SERVERS));
        CompletableFuture<ShardConfig> second = clerk.moveAsync(1, "g");
        CompletableFuture<ShardConfig> query = clerk.queryAsync(0);
        assertEquals(config(0), query.get(10, TimeUnit.SECONDS), "a query does not wait for pending changes");
        List<CtrlerRequest> sent = requests(t);
        assertEquals(3, sent.size(), "the join at m0 and its retry at m1, and the query: " + sent);
        assertEquals(List.of(1L, 1L), List.of(sent.get(0).getChange().getSequence(),
                sent.get(1).getChange().getSequence()), "the retry repeats the join's sequence number");
        assertFalse(second.isDone(), "the move waits for the join");

        firstJoinAnswer.complete(reply(KvStatus.KV_STATUS_OK, 1).join());
        assertEquals(config(1), first.get(10, TimeUnit.SECONDS));
        assertEquals(config(2), second.get(10, TimeUnit.SECONDS));
        CtrlerRequest move = requests(t).get(3);
        assertTrue(move.getChange().hasMove(), "the move is sent after the join completed: " + move);
        assertEquals(2, move.getChange().getSequence());
        assertEquals(77, move.getChange().getClientId());
    }

    @Test
    void anExpiredSessionIsThrownAsItIsAndTheNextChangeStartsANewSessionAtSequenceOne() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> reply(
                decode(payload).getChange().getSequence() == 2 ? KvStatus.KV_STATUS_SESSION_EXPIRED
                        : KvStatus.KV_STATUS_OK, 1));
        ControllerClerk clerk = ControllerClerk.create(t, "c", SERVERS, OPTIONS, 77);

        clerk.leave(List.of("x"));
        SessionExpiredException e = assertThrows(SessionExpiredException.class, () -> clerk.move(0, "g"));
        assertEquals("scripted", e.getMessage());
        clerk.move(0, "g");
        List<CtrlerRequest> sent = requests(t);
        assertEquals(3, sent.size(), "a session expiry is not retried: " + sent);
        assertEquals(77, sent.get(1).getChange().getClientId());
        assertNotEquals(77, sent.get(2).getChange().getClientId(), "a new client id after the expiry");
        assertEquals(1, sent.get(2).getChange().getSequence(), "the new session numbers from 1");
    }
}
