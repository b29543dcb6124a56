package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Put;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.ReadRequest;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * A client of a sharded cluster: maps each key to its shard ({@link ShardKeys}), the shard to its group through the
 * latest configuration it knows, and sends the KV protocol to that group's leader. When the group answers
 * WRONG_GROUP, or the configuration names no group for the shard, it asks the controller for the latest
 * configuration and retries; on a wrong leader, an unavailable server or a timeout it tries the group's next server,
 * pausing with exponential backoff after each full round. Every write carries this clerk's id and a sequence number
 * that retries repeat, at whatever group, so it applies exactly once across migrations (the shard's sessions move
 * with it). Gets, Puts, Appends, Deletes and compare-and-sets are all supported (shard groups apply each).
 *
 * <p>Asynchronous at its core: no thread waits for a group or the controller while a request is outstanding
 * (retries are scheduled; the controller is asked with {@link ControllerClerk#latestAsync()}). The blocking forms
 * wait for the asynchronous ones. One request is outstanding at a
 * time: starting a second before the first completed throws {@link IllegalStateException}; use one clerk per
 * concurrent caller. Failures, definite ({@link io.eraft.shardkv.kv.KvNotAppliedException}) or not
 * ({@link io.eraft.shardkv.kv.KvOutcomeUnknownException}) as {@link KvClient} describes: {@link KvTimeoutException}
 * (nothing completed within the operation timeout; a write's outcome is then unknown),
 * {@link KvRequestRejectedException} (an empty key or over the size limits; thrown by the call itself when the
 * clerk's own limits refuse it), {@link io.eraft.shardkv.kv.KvNoSpaceException} (the group's space alarm is raised),
 * or another {@link KvException} naming what a group answered.
 */
public final class ShardClerk implements KvClient {
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    private final ShardRouter router;
    private final ClerkOptions options;
    private final long clientId;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The last sequence number taken; only the caller that claimed {@link #busy} touches it. */
    private long sequence;

    private ShardClerk(Transport transport, ControllerClerk controller, ClerkOptions options, long clientId) {
        this.options = Objects.requireNonNull(options, "options");
        this.router = new ShardRouter(Objects.requireNonNull(transport, "transport"),
                Objects.requireNonNull(controller, "controller"), options, clientId);
        this.clientId = clientId;
    }

    /**
     * A clerk that finds groups through {@code controller}; it numbers its writes from 1.
     *
     * @param clientId unique among the cluster's live clients (a random 64-bit number is)
     */
    public static ShardClerk create(Transport transport, ControllerClerk controller, ClerkOptions options,
                                    long clientId) {
        return new ShardClerk(transport, controller, options, clientId);
    }

    /** The id the groups know this clerk's writes by. */
    public long clientId() {
        return clientId;
    }

    @Override
    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        options.limits().checkKey(key);
        claim();
        ByteString k = UnsafeByteOperations.unsafeWrap(key);
        return route(key, group -> KvRequest.newBuilder().setGroup(group)
                .setRead(ReadRequest.newBuilder().setKey(k)).build(), "get", false)
                .thenApply(r -> r.getFound() ? Optional.of(r.getValue().toByteArray()) : Optional.empty());
    }

    @Override
    public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
        options.limits().checkKey(key);
        options.limits().checkValue("value", value);
        return write(key, seq -> new Put(clientId, seq, key, value), "put").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix) {
        options.limits().checkKey(key);
        options.limits().checkValue("append suffix", suffix);
        return write(key, seq -> new Append(clientId, seq, key, suffix), "append").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> deleteAsync(byte[] key) {
        options.limits().checkKey(key);
        return write(key, seq -> new Delete(clientId, seq, key), "delete").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue) {
        options.limits().checkKey(key);
        options.limits().checkValue("expected value", expected);
        options.limits().checkValue("new value", newValue);
        return write(key, seq -> new CompareAndSet(clientId, seq, key, expected, newValue), "compare-and-set")
                .thenApply(KvResponse::getApplied);
    }

    /** Takes the write's sequence number once; every attempt, at any group, carries the same encoded command. */
    private CompletableFuture<KvResponse> write(byte[] key, LongFunction<Command> command, String what) {
        claim();
        Command c;
        ByteString encoded;
        try {
            c = command.apply(++sequence);
            encoded = UnsafeByteOperations.unsafeWrap(WIRE.encodeCommand(c));
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
        return route(key, group -> KvRequest.newBuilder().setGroup(group).setWrite(encoded).build(),
                what + " #" + c.sequence(), true);
    }

    private CompletableFuture<KvResponse> route(byte[] key, ShardRouter.RequestForGroup request, String what,
                                                boolean write) {
        CompletableFuture<KvResponse> result;
        try {
            result = router.route(key, request, what, write);
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
        // Released before the caller's stages run, so a caller may start its next request from a callback.
        return result.whenComplete((r, e) -> busy.set(false));
    }

    private void claim() {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("shard clerk " + Long.toUnsignedString(clientId) + " already has a "
                    + "request outstanding; a clerk makes one request at a time (use one clerk per concurrent caller)");
        }
    }

    @Override
    public String toString() {
        return "ShardClerk[" + Long.toUnsignedString(clientId) + "]";
    }
}
