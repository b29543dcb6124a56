package io.eraft.shardkv.kv;

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
import io.eraft.shardkv.retry.Caller;
import io.eraft.shardkv.retry.GroupCall;
import io.eraft.shardkv.retry.Verdict;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * A client of one KV group. It finds the leader (following NOT_LEADER hints, or trying each server in turn) and
 * remembers it, and retries on a wrong leader, an unavailable server or a timeout, pausing with exponential backoff
 * after each full round of servers. Writes carry the clerk's id and a sequence number that a retry repeats, so the
 * group applies each write exactly once; Gets are linearizable reads served by ReadIndex.
 *
 * <p>A clerk has one request outstanding at a time: starting a second before the first completed throws
 * {@link IllegalStateException}. Use one clerk per concurrent caller; any number of clerks may share a transport.
 * Each operation comes in a blocking form and an asynchronous form whose future completes on a transport or timer
 * thread (do not block in its callbacks).
 *
 * <p>Failures are definite ({@link KvNotAppliedException}: the write was not applied and cannot apply later) or
 * indeterminate ({@link KvOutcomeUnknownException}: it may have applied). Definite: {@link KvRequestRejectedException}
 * (an empty key, over the size limits), {@link KvNoSpaceException} (the group's space alarm is raised),
 * {@link WrongGroupException}, {@link KvAccessDeniedException} (the transport may not use the channel),
 * {@link KvUnavailableException} (no server proposed the write within the operation timeout). Indeterminate:
 * {@link KvTimeoutException} (no definite answer within the operation timeout), {@link SessionExpiredException}, and
 * a definite refusal that came after an attempt whose fate is unknown (its cause is the refusal). After a definite
 * failure the clerk reuses the write's sequence number for its next write. A key or value the clerk's limits refuse,
 * and a second outstanding request, are thrown by the call itself, before anything is sent, in the asynchronous
 * forms too.
 */
public final class KvClerk implements KvClient {
    private static final ProtobufCodec WIRE = new ProtobufCodec();
    private static final SecureRandom IDS = new SecureRandom();

    private final Caller caller;
    private final String groupId;
    private final String channel;
    private volatile List<NodeId> servers;
    private volatile long configIndex; // the newest configuration index learned from a reply (0: as given)
    private final Transport transport;
    private final ClerkOptions options;
    private final String nobody; // starts a timeout's message
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long clientId;
    private volatile long sequence;

    private KvClerk(Transport transport, String groupId, List<NodeId> servers, ClerkOptions options, long clientId) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.channel = KvServer.channel(groupId);
        this.servers = List.copyOf(servers);
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("a clerk of group '" + groupId + "' needs at least one server");
        }
        this.options = Objects.requireNonNull(options, "options");
        this.nobody = "no server of group '" + groupId + "'";
        this.transport = transport;
        this.clientId = clientId;
        this.caller = new Caller(transport, options, clientId);
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

    /**
     * The servers this clerk asks: those it was given, then as the group's configuration changes (a NOT_LEADER reply
     * names the members of the configuration its server knows; the clerk takes a newer one, learning new servers and
     * their addresses and forgetting removed ones).
     */
    public List<NodeId> servers() {
        return servers;
    }

    /** The server this clerk believes leads the group. */
    public NodeId leaderGuess() {
        return caller.leader(channel, servers);
    }

    // ---------------------------------------------------------------- asynchronous (blocking forms: KvClient)

    @Override
    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        options.limits().checkKey(key);
        KvRequest request = KvRequest.newBuilder().setGroup(groupId).setConfigIndex(configIndex)
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

    // ---------------------------------------------------------------- requests

    private CompletableFuture<KvResponse> write(LongFunction<Command> command, String what) {
        claim();
        Command c = command.apply(++sequence);
        KvRequest request = KvRequest.newBuilder().setGroup(groupId).setConfigIndex(configIndex)
                .setWrite(UnsafeByteOperations.unsafeWrap(WIRE.encodeCommand(c))).build();
        return start(request, what + " #" + c.sequence(), c.sequence());
    }

    private CompletableFuture<KvResponse> call(KvRequest request, String what) {
        claim();
        return start(request, what, 0);
    }

    /**
     * After a definite failure of write {@code writeSequence} no attempt of it can ever apply, so its sequence number
     * is free for the next write. (Without this, a clerk whose first write was refused would start its session at
     * 2, which the group reads as expired.)
     */
    private void releaseIfNotApplied(long writeSequence, Throwable error) {
        if (writeSequence != 0 && writeSequence == sequence
                && GroupCall.unwrap(error) instanceof KvNotAppliedException) {
            sequence = writeSequence - 1;
        }
    }

    private void claim() {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("clerk " + Long.toUnsignedString(clientId) + " already has a request "
                    + "outstanding; a clerk makes one request at a time (use one clerk per concurrent caller)");
        }
    }

    /** Sends until a server answers for good or the operation times out; released before the caller's stages run. */
    private CompletableFuture<KvResponse> start(KvRequest request, String what, long writeSequence) {
        GroupCall<KvResponse> call = caller.call(what, nobody,
                (server, reply) -> classify(server, KvResponse.parseFrom(reply), what));
        return (writeSequence != 0 ? call.asWrite() : call).send(channel, this::servers, request.toByteArray())
                .whenComplete((r, e) -> {
                    if (e != null) {
                        releaseIfNotApplied(writeSequence, e);
                    }
                    busy.set(false);
                });
    }

    private Verdict<KvResponse> classify(NodeId server, KvResponse r, String what) {
        learnConfiguration(r);
        return switch (r.getStatus()) {
            case KV_STATUS_OK -> Verdict.ok(r);
            case KV_STATUS_NOT_LEADER -> Verdict.notLeader(r.getLeaderHint(), new KvException(r.getError()),
                    r.getNotProposed());
            case KV_STATUS_UNAVAILABLE -> Verdict.retryNext(new KvException(r.getError()), r.getNotProposed());
            case KV_STATUS_SESSION_EXPIRED -> {
                clientId = IDS.nextLong();
                sequence = 0;
                yield Verdict.fail(new SessionExpiredException(r.getError()));
            }
            case KV_STATUS_WRONG_GROUP -> Verdict.fail(new WrongGroupException(r.getError()));
            case KV_STATUS_BAD_REQUEST -> Verdict.fail(new KvRequestRejectedException(r.getError()));
            case KV_STATUS_NO_SPACE -> Verdict.fail(new KvNoSpaceException(r.getError()));
            case KV_STATUS_STALE_REQUEST -> Verdict.fail(new KvOutcomeUnknownException("the group says " + what
                    + " is stale: " + r.getError()));
            default -> Verdict.fail(new KvOutcomeUnknownException(server + " answered " + what
                    + " with unknown status " + r.getStatus()));
        };
    }

    /**
     * Takes the configuration a reply names when it is newer than any seen (a server adds it when it knows a newer
     * one than the request's {@code config_index}): the servers this clerk asks
     * become its members (the ones already known first, in their order), and the transport learns the addresses the
     * configuration names. The call in progress keeps its list; the next one uses the new list.
     */
    private synchronized void learnConfiguration(KvResponse r) {
        if (!r.hasConfigIndex() || r.getConfigIndex() <= configIndex || r.getMembersCount() == 0) {
            return;
        }
        configIndex = r.getConfigIndex();
        List<NodeId> members = r.getMembersList().stream().map(NodeId::of).toList();
        List<NodeId> next = new ArrayList<>();
        servers.stream().filter(members::contains).forEach(next::add);
        members.stream().filter(m -> !next.contains(m)).forEach(next::add);
        if (!r.getMemberAddressesMap().isEmpty()) {
            Map<NodeId, String> addresses = new HashMap<>();
            r.getMemberAddressesMap().forEach((id, address) -> addresses.put(NodeId.of(id), address));
            transport.updateMembers(Set.copyOf(next), addresses);
        }
        servers = List.copyOf(next);
    }

    @Override
    public String toString() {
        return "KvClerk[" + Long.toUnsignedString(clientId) + " -> " + groupId + " " + servers + "]";
    }
}
