package io.eraft.shardkv.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Put;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.ReadRequest;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of one KV group. It finds the leader (following NOT_LEADER hints, or trying each server in turn) and
 * remembers it, and retries on a wrong leader, an unavailable server or a timeout, pausing with exponential backoff
 * after each full round of servers. Writes carry the clerk's id and a sequence number that a retry repeats, so the
 * group applies each write exactly once; Gets are linearizable reads served by ReadIndex.
 *
 * <p>A clerk has one request outstanding at a time: starting a second before the first completed throws
 * {@link IllegalStateException}. Use one clerk per concurrent caller; any number of clerks may share a transport.
 * Each operation comes in a blocking form and an asynchronous form whose future completes on a transport thread (do
 * not block in its callbacks). Failures: {@link KvTimeoutException} (no answer within the operation timeout; a write's
 * outcome is then unknown), {@link KvRequestRejectedException} (over the size limits), {@link SessionExpiredException},
 * {@link WrongGroupException}. A key or value over the clerk's limits, and a second outstanding request, are thrown
 * by the call itself, before anything is sent, in the asynchronous forms too.
 */
public final class KvClerk implements KvClient {
    private static final ProtobufCodec WIRE = new ProtobufCodec();
    private static final SecureRandom IDS = new SecureRandom();

    private final Transport transport;
    private final String groupId;
    private final String channel;
    private final List<NodeId> servers;
    private final ClerkOptions options;
    private final SplittableRandom jitter;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long clientId;
    private volatile long sequence;
    private volatile int leader;

    private KvClerk(Transport transport, String groupId, List<NodeId> servers, ClerkOptions options, long clientId) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.channel = KvServer.channel(groupId);
        this.servers = List.copyOf(servers);
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("a clerk of group '" + groupId + "' needs at least one server");
        }
        this.options = Objects.requireNonNull(options, "options");
        this.clientId = clientId;
        this.jitter = new SplittableRandom(clientId);
    }

    /** A clerk with {@link ClerkOptions#DEFAULT} and a random client id. */
    public static KvClerk create(Transport transport, String groupId, List<NodeId> servers) {
        return create(transport, groupId, servers, ClerkOptions.DEFAULT, IDS.nextLong());
    }

    /**
     * A clerk with the given options and client id. The id must be unique among the group's live clients (a random
     * 64-bit number is); the clerk numbers its writes from 1.
     */
    public static KvClerk create(Transport transport, String groupId, List<NodeId> servers, ClerkOptions options,
                                 long clientId) {
        return new KvClerk(transport, groupId, servers, options, clientId);
    }

    /** The id the group knows this clerk's session by (it changes after a {@link SessionExpiredException}). */
    public long clientId() {
        return clientId;
    }

    /** The server this clerk believes leads the group. */
    public NodeId leaderGuess() {
        return servers.get(leader);
    }

    // ---------------------------------------------------------------- asynchronous (blocking forms: KvClient)

    @Override
    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        options.limits().checkKey(key);
        KvRequest request = KvRequest.newBuilder().setGroup(groupId)
                .setRead(ReadRequest.newBuilder().setKey(UnsafeByteOperations.unsafeWrap(key))).build();
        return call(request, "get").thenApply(r -> r.getFound()
                ? Optional.of(r.getValue().toByteArray()) : Optional.empty());
    }

    @Override
    public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
        options.limits().checkKey(key);
        options.limits().checkValue("value", value);
        return write(seq -> new Put(clientId, seq, key, value), "put").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix) {
        options.limits().checkKey(key);
        options.limits().checkValue("append suffix", suffix);
        return write(seq -> new Append(clientId, seq, key, suffix), "append").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> deleteAsync(byte[] key) {
        options.limits().checkKey(key);
        return write(seq -> new Delete(clientId, seq, key), "delete").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue) {
        options.limits().checkKey(key);
        options.limits().checkValue("expected value", expected);
        options.limits().checkValue("new value", newValue);
        return write(seq -> new CompareAndSet(clientId, seq, key, expected, newValue), "compare-and-set")
                .thenApply(KvResponse::getApplied);
    }

    // ---------------------------------------------------------------- the retry loop

    @FunctionalInterface
    private interface CommandForSequence {
        Command make(long sequence);
    }

    private CompletableFuture<KvResponse> write(CommandForSequence command, String what) {
        claim();
        Command c = command.make(++sequence);
        KvRequest request = KvRequest.newBuilder().setGroup(groupId)
                .setWrite(UnsafeByteOperations.unsafeWrap(WIRE.encodeCommand(c))).build();
        return start(request, what + " #" + c.sequence(), c.sequence());
    }

    private CompletableFuture<KvResponse> call(KvRequest request, String what) {
        claim();
        return start(request, what, 0);
    }

    private void claim() {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("clerk " + Long.toUnsignedString(clientId) + " already has a request "
                    + "outstanding; a clerk makes one request at a time (use one clerk per concurrent caller)");
        }
    }

    private CompletableFuture<KvResponse> start(KvRequest request, String what, long writeSequence) {
        Attempts a = new Attempts(request.toByteArray(), what, writeSequence,
                System.nanoTime() + options.operationTimeout().toNanos());
        send(a);
        return a.result;
    }

    /** One operation's attempts: its payload, deadline and what the last attempt said. */
    private static final class Attempts {
        final byte[] payload;
        final String what;
        final long writeSequence;
        final long deadline;
        final CompletableFuture<KvResponse> result = new CompletableFuture<>();
        int failuresThisRound;
        int rounds;
        Throwable lastError;

        Attempts(byte[] payload, String what, long writeSequence, long deadline) {
            this.payload = payload;
            this.what = what;
            this.writeSequence = writeSequence;
            this.deadline = deadline;
        }
    }

    private void send(Attempts a) {
        if (System.nanoTime() - a.deadline > 0) {
            fail(a, new KvTimeoutException("no server of group '" + groupId + "' " + servers + " completed "
                    + a.what + " within " + options.operationTimeout() + "; last error: " + a.lastError,
                    a.lastError));
            return;
        }
        NodeId target = servers.get(leader);
        CompletableFuture<byte[]> reply;
        try {
            reply = transport.request(target, channel, a.payload, options.requestTimeout());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((bytes, error) -> onReply(a, target, bytes, error));
    }

    private void onReply(Attempts a, NodeId target, byte[] bytes, Throwable error) {
        if (error != null) {
            retry(a, target, unwrap(error));
            return;
        }
        KvResponse r;
        try {
            r = KvResponse.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            retry(a, target, new KvException(target + " sent an undecodable reply: " + e.getMessage(), e));
            return;
        }
        switch (r.getStatus()) {
            case KV_STATUS_OK:
                finish(a, r);
                return;
            case KV_STATUS_NOT_LEADER:
                int hinted = r.getLeaderHint().isEmpty() ? -1 : servers.indexOf(NodeId.of(r.getLeaderHint()));
                KvException notLeader = new KvException(r.getError());
                if (hinted >= 0 && !servers.get(hinted).equals(target)) {
                    a.lastError = notLeader;
                    leader = hinted;
                    countFailure(a);
                } else {
                    retry(a, target, notLeader);
                }
                return;
            case KV_STATUS_UNAVAILABLE:
                retry(a, target, new KvException(r.getError()));
                return;
            case KV_STATUS_SESSION_EXPIRED:
                renewSession();
                fail(a, new SessionExpiredException(r.getError()));
                return;
            case KV_STATUS_WRONG_GROUP:
                fail(a, new WrongGroupException(r.getError()));
                return;
            case KV_STATUS_BAD_REQUEST:
                // Refused alike by every server (limits are the same group-wide): no attempt of this write can
                // ever apply, so its sequence number is free for the next write. (Without this, a clerk whose
                // first write was refused would start its session at 2, which the group reads as expired.)
                if (a.writeSequence != 0 && a.writeSequence == sequence) {
                    sequence = a.writeSequence - 1;
                }
                fail(a, new KvRequestRejectedException(r.getError()));
                return;
            case KV_STATUS_STALE_REQUEST:
                fail(a, new KvException("the group says " + a.what + " is stale: " + r.getError()));
                return;
            default:
                fail(a, new KvException(target + " answered " + a.what + " with unknown status " + r.getStatus()));
        }
    }

    /** {@code target} failed: the next attempt goes to the next server. */
    private void retry(Attempts a, NodeId target, Throwable error) {
        a.lastError = error;
        if (servers.get(leader).equals(target)) {
            leader = (leader + 1) % servers.size();
        }
        countFailure(a);
    }

    /** Sends the next attempt now, or after a backoff pause once every server failed in this round. */
    private void countFailure(Attempts a) {
        a.failuresThisRound++;
        if (a.failuresThisRound < servers.size()) {
            send(a);
            return;
        }
        a.failuresThisRound = 0;
        long pause = backoffMillis(a.rounds++);
        CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> send(a));
    }

    /** The pause after {@code round} full rounds failed: doubling from minBackoff up to maxBackoff, with jitter. */
    private long backoffMillis(int round) {
        long min = options.minBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        long base = Math.min(max, min << Math.min(round, 20));
        long half = Math.max(1, base / 2);
        synchronized (jitter) {
            return half + jitter.nextLong(half + 1);
        }
    }

    private void renewSession() {
        clientId = IDS.nextLong();
        sequence = 0;
    }

    private void finish(Attempts a, KvResponse r) {
        busy.set(false);
        a.result.complete(r);
    }

    private void fail(Attempts a, Throwable error) {
        busy.set(false);
        a.result.completeExceptionally(error);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    @Override
    public String toString() {
        return "KvClerk[" + Long.toUnsignedString(clientId) + " -> " + groupId + " " + servers + "]";
    }
}
