package io.eraft.shardkv.shard;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvNoSpaceException;
import io.eraft.shardkv.kv.KvOutcomeUnknownException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.WrongGroupException;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.retry.Caller;
import io.eraft.shardkv.retry.GroupCall;
import io.eraft.shardkv.retry.Verdict;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@link ShardClerk}'s routing, without blocking a thread: the latest configuration it knows, the leader it last
 * found in each group, and the controller query. An operation is a {@link GroupCall} to the group that owns the
 * key's shard; when that group answers WRONG_GROUP or a full round of its servers fails, the router asks the
 * controller ({@link ControllerClerk#latestAsync()}) and routes again: at once when the configuration is newer,
 * after a backoff pause when it is not. One step at a time, so an operation's state needs no lock.
 */
final class ShardRouter {
    /** Builds the request for a group (the request names the group it is meant for). */
    @FunctionalInterface
    interface RequestForGroup {
        KvRequest make(String group);
    }

    private final Caller caller;
    private final ControllerClerk controller;
    private volatile ShardConfig config;
    private CompletableFuture<ShardConfig> query; // guarded by this

    ShardRouter(Transport transport, ControllerClerk controller, ClerkOptions options, long seed) {
        this.caller = new Caller(transport, options, seed);
        this.controller = controller;
    }

    /**
     * Sends {@code request} to the group serving {@code key}'s shard until one answers OK or the deadline passes.
     *
     * @param write whether the request is a write (its failures then say whether it may have applied)
     */
    CompletableFuture<KvResponse> route(byte[] key, RequestForGroup request, String what, boolean write) {
        Operation op = new Operation(key, request, what, write);
        op.next();
        return op.call.result();
    }

    /** The running configuration query, or a new one: a clerk never has two queries waiting on the controller. */
    private synchronized CompletableFuture<ShardConfig> latestConfig() {
        if (query == null || query.isDone()) {
            query = controller.latestAsync();
        }
        return query;
    }

    /** Remembers {@code fresh} unless a newer configuration is already known. */
    private void learn(ShardConfig fresh) {
        ShardConfig known = config;
        if (known == null || fresh.num() >= known.num()) {
            config = fresh;
        }
    }

    /** One operation: the group it is sent to and its request for that group. */
    private final class Operation {
        final byte[] key;
        final RequestForGroup request;
        final String what;
        final GroupCall<KvResponse> call;
        String group;
        byte[] payload;
        int shard = -1;

        Operation(byte[] key, RequestForGroup request, String what, boolean write) {
            this.key = key;
            this.request = request;
            this.what = what;
            GroupCall<KvResponse> c = caller.routedCall(what, "no group", this::where, this::classify,
                    this::refreshConfig);
            this.call = write ? c.asWrite() : c;
        }

        /** Routes by the configuration known now: to the shard's group, or to the controller when there is none. */
        void next() {
            if (call.expired()) {
                return;
            }
            ShardConfig known = config;
            if (known == null) {
                refreshConfig();
                return;
            }
            shard = ShardKeys.shardOf(key, known.shardCount());
            String owner = known.owner(shard);
            List<NodeId> members = known.groups().get(owner);
            if (members == null || members.isEmpty()) {
                call.noteError(new KvException("shard " + shard + " has no group in configuration " + known.num()));
                refreshConfig();
                return;
            }
            if (!owner.equals(group)) {
                group = owner;
                payload = request.make(owner).toByteArray();
            }
            call.send(KvServer.channel(group), members, payload);
        }

        Verdict<KvResponse> classify(NodeId server, byte[] reply) throws IOException {
            KvResponse r = KvResponse.parseFrom(reply);
            return switch (r.getStatus()) {
                case KV_STATUS_OK -> Verdict.ok(r);
                case KV_STATUS_NOT_LEADER -> Verdict.notLeader(r.getLeaderHint(), new KvException(r.getError()),
                        r.getNotProposed());
                case KV_STATUS_UNAVAILABLE -> Verdict.retryNext(new KvException(r.getError()), r.getNotProposed());
                case KV_STATUS_WRONG_GROUP -> Verdict.reroute(new WrongGroupException(r.getError()));
                case KV_STATUS_BAD_REQUEST -> Verdict.fail(new KvRequestRejectedException(r.getError()));
                case KV_STATUS_NO_SPACE -> Verdict.fail(new KvNoSpaceException(r.getError()));
                default -> Verdict.fail(new KvOutcomeUnknownException("group '" + group + "' (" + server
                        + ") answered " + what + " with " + r.getStatus() + ": " + r.getError()));
            };
        }

        /**
         * Asks the controller for the latest configuration, then routes again: at once when it is newer than the
         * one this attempt used, after a backoff pause when it is not (the groups have not caught up with it yet)
         * or when the controller did not answer in time.
         */
        void refreshConfig() {
            long knownNum = config == null ? -1 : config.num();
            latestConfig().copy().orTimeout(Math.max(1, call.remainingMillis()), TimeUnit.MILLISECONDS)
                    .whenComplete((fresh, error) -> {
                        if (error != null) {
                            Throwable cause = GroupCall.unwrap(error);
                            call.noteError(cause instanceof TimeoutException ? new KvException(
                                    "the controller did not answer a configuration query in time", cause) : cause);
                            call.pauseThen(this::next);
                        } else {
                            learn(fresh);
                            if (fresh.num() > knownNum) {
                                next();
                            } else {
                                call.pauseThen(this::next);
                            }
                        }
                    });
        }

        /** Where the operation went, for its timeout message. */
        String where() {
            return shard < 0 ? "" : " (shard " + shard + (group == null ? "" : " of group '" + group + "'") + ")";
        }
    }
}
