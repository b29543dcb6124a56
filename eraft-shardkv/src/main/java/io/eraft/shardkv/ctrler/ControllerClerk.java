package io.eraft.shardkv.ctrler;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvAccessDeniedException;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvOutcomeUnknownException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.KvUnavailableException;
import io.eraft.shardkv.kv.SessionExpiredException;
import io.eraft.shardkv.kv.WrongGroupException;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.GroupServers;
import io.eraft.shardkv.proto.JoinOp;
import io.eraft.shardkv.proto.LeaveOp;
import io.eraft.shardkv.proto.MoveOp;
import io.eraft.shardkv.proto.SetServersOp;
import io.eraft.shardkv.retry.Caller;
import io.eraft.shardkv.retry.GroupCall;
import io.eraft.shardkv.retry.Verdict;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A client of the shard controller: Join, Leave, Move, SetServers and Query. It finds the leader (following
 * NOT_LEADER hints or trying each server in turn) and retries on a wrong leader, an unavailable server or a
 * timeout, pausing with exponential backoff after each full round of servers, as {@link io.eraft.shardkv.kv.KvClerk}
 * does. Changes carry the clerk's id and a sequence number that retries repeat, so each applies exactly once.
 *
 * <p>Each call comes in an asynchronous form, whose future completes on a transport or timer thread (do not block
 * in its callbacks), and a blocking form that waits for it. Queries may run concurrently; a clerk's changes run one
 * after another in the order they were called (each is sent once the one before completed, and its sequence number
 * is taken then). Failures: {@link KvTimeoutException} (no answer within the operation timeout; a change's outcome
 * is then unknown), {@link KvUnavailableException} (no server proposed the change in time: not applied),
 * {@link KvRequestRejectedException} (the controller refused the change: unknown or duplicate group, shard out of
 * range, a group given no servers or a server twice), {@link KvAccessDeniedException} (this clerk's transport may
 * not make changes: it needs the admin role),
 * {@link SessionExpiredException} (the clerk then starts a new session). The blocking forms throw them as they are.
 *
 * <p>Channels: queries go to the controller's client channel ({@link ControllerServer#channel}), which any client may
 * use; changes go to its admin channel ({@link ControllerServer#adminChannel}), which admits only transports whose
 * role is {@link io.eraft.api.transport.Access#ADMIN} or {@link io.eraft.api.transport.Access#PEER}.
 */
public final class ControllerClerk {
    private static final SecureRandom IDS = new SecureRandom();

    private final Caller caller;
    private final String cluster;
    private final String channel;
    private final String adminChannel;
    private final List<NodeId> servers;
    private final String nobody; // starts a timeout's message
    private volatile long clientId; // guarded by this for writes, with sequence
    private long sequence; // guarded by this
    private CompletableFuture<ShardConfig> lastChange = CompletableFuture.completedFuture(null); // guarded by this

    private ControllerClerk(Transport transport, String cluster, List<NodeId> servers, ClerkOptions options,
                            long clientId) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.channel = ControllerServer.channel(cluster);
        this.adminChannel = ControllerServer.adminChannel(cluster);
        this.servers = List.copyOf(servers);
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("a clerk of controller '" + cluster + "' needs at least one server");
        }
        this.nobody = "no controller server of '" + cluster + "' " + this.servers;
        this.caller = new Caller(transport, options, clientId);
        this.clientId = clientId;
    }

    /** A clerk with {@link ClerkOptions#DEFAULT} and a random client id. */
    public static ControllerClerk create(Transport transport, String cluster, List<NodeId> servers) {
        return create(transport, cluster, servers, ClerkOptions.DEFAULT, IDS.nextLong());
    }

    /** A clerk with the given options and client id (unique among the controller's live clerks). */
    public static ControllerClerk create(Transport transport, String cluster, List<NodeId> servers,
                                         ClerkOptions options, long clientId) {
        return new ControllerClerk(transport, cluster, servers, options, clientId);
    }

    /** Adds groups (id → servers); completes with the configuration the Join made. */
    public CompletableFuture<ShardConfig> joinAsync(Map<String, List<NodeId>> groups) {
        JoinOp.Builder join = JoinOp.newBuilder();
        groups.forEach((id, members) -> join.addGroups(GroupServers.newBuilder().setGroupId(id)
                .addAllServers(members.stream().map(NodeId::value).toList())));
        return change(CtrlerCommand.newBuilder().setJoin(join), "join " + groups.keySet());
    }

    /** Removes groups (their shards go to the remaining groups); completes with the configuration it made. */
    public CompletableFuture<ShardConfig> leaveAsync(Collection<String> groupIds) {
        return change(CtrlerCommand.newBuilder().setLeave(LeaveOp.newBuilder().addAllGroupIds(groupIds)),
                "leave " + groupIds);
    }

    /** Gives {@code shard} to group {@code groupId}; completes with the configuration the Move made. */
    public CompletableFuture<ShardConfig> moveAsync(int shard, String groupId) {
        return change(CtrlerCommand.newBuilder().setMove(MoveOp.newBuilder().setShard(shard).setGroupId(groupId)),
                "move shard " + shard + " to " + groupId);
    }

    /**
     * Replaces the servers of group {@code groupId}, which must be in the latest configuration (after its Raft
     * membership changed); no shard moves. Completes with the configuration it made.
     */
    public CompletableFuture<ShardConfig> setServersAsync(String groupId, List<NodeId> servers) {
        return change(CtrlerCommand.newBuilder().setSetServers(SetServersOp.newBuilder().setGroup(
                GroupServers.newBuilder().setGroupId(groupId).addAllServers(servers.stream().map(NodeId::value)
                        .toList()))), "set the servers of " + groupId + " to " + servers);
    }

    /** Configuration {@code num}; the latest when {@code num} is negative or past the latest. */
    public CompletableFuture<ShardConfig> queryAsync(long num) {
        return call(CtrlerRequest.newBuilder().setCluster(cluster).setQuery(num).build(), "query " + num, channel,
                false);
    }

    /** The latest configuration. */
    public CompletableFuture<ShardConfig> latestAsync() {
        return queryAsync(-1);
    }

    /** Adds groups (id → servers); returns the configuration the Join made. Waits for {@link #joinAsync}. */
    public ShardConfig join(Map<String, List<NodeId>> groups) {
        return await(joinAsync(groups), "join " + groups.keySet());
    }

    /** Removes groups; their shards go to the remaining groups. Returns the configuration the Leave made. */
    public ShardConfig leave(Collection<String> groupIds) {
        return await(leaveAsync(groupIds), "leave " + groupIds);
    }

    /** Gives {@code shard} to group {@code groupId}; returns the configuration the Move made. */
    public ShardConfig move(int shard, String groupId) {
        return await(moveAsync(shard, groupId), "move shard " + shard + " to " + groupId);
    }

    /**
     * Replaces the servers of group {@code groupId} (in the latest configuration); no shard moves. Returns the
     * configuration it made. Waits for {@link #setServersAsync}.
     */
    public ShardConfig setServers(String groupId, List<NodeId> servers) {
        return await(setServersAsync(groupId, servers), "set the servers of " + groupId + " to " + servers);
    }

    /** Configuration {@code num}; the latest when {@code num} is negative or past the latest. */
    public ShardConfig query(long num) {
        return await(queryAsync(num), "query " + num);
    }

    /** The latest configuration. */
    public ShardConfig latest() {
        return query(-1);
    }

    /** Sends the change once every earlier change of this clerk completed (the session applies them in order). */
    private synchronized CompletableFuture<ShardConfig> change(CtrlerCommand.Builder command, String what) {
        lastChange = lastChange.handle((config, error) -> null).thenCompose(ignored -> {
            // A refused change is recorded like an applied one, so its sequence number stays used.
            CtrlerCommand c = numbered(command);
            return call(CtrlerRequest.newBuilder().setCluster(cluster).setChange(c).build(), what, adminChannel,
                    true).whenComplete((config, error) -> {
                        if (error != null && neverProposed(GroupCall.unwrap(error))) {
                            release(c.getSequence());
                        }
                    });
        });
        return lastChange;
    }

    /**
     * Whether no server proposed a change that failed with {@code error}, so its sequence number was never used
     * (a change the controller refused when applying it is recorded in the session, and keeps its number).
     */
    private static boolean neverProposed(Throwable error) {
        return error instanceof KvUnavailableException || error instanceof KvAccessDeniedException;
    }

    /** Gives back sequence number {@code seq}, still the last one taken, for the next change. */
    private synchronized void release(long seq) {
        if (sequence == seq) {
            sequence = seq - 1;
        }
    }

    private synchronized CtrlerCommand numbered(CtrlerCommand.Builder command) {
        return command.setClientId(clientId).setSequence(++sequence).build();
    }

    private synchronized void renewSession() {
        clientId = IDS.nextLong();
        sequence = 0;
    }

    private CompletableFuture<ShardConfig> call(CtrlerRequest request, String what, String to, boolean write) {
        GroupCall<ShardConfig> call = caller.call(what, nobody,
                (server, reply) -> classify(server, CtrlerResponse.parseFrom(reply), what));
        return (write ? call.asWrite() : call).send(to, servers, request.toByteArray());
    }

    private Verdict<ShardConfig> classify(NodeId server, CtrlerResponse r, String what) {
        return switch (r.getStatus()) {
            case KV_STATUS_OK -> Verdict.ok(ShardConfig.fromRecord(r.getConfig()));
            case KV_STATUS_NOT_LEADER -> Verdict.notLeader(r.getLeaderHint(), new KvException(r.getError()),
                    r.getNotProposed());
            case KV_STATUS_BAD_REQUEST -> Verdict.fail(new KvRequestRejectedException("the controller refused "
                    + what + ": " + r.getError()));
            case KV_STATUS_SESSION_EXPIRED -> {
                renewSession();
                yield Verdict.fail(new SessionExpiredException(r.getError()));
            }
            case KV_STATUS_WRONG_GROUP -> Verdict.fail(new WrongGroupException(server + " answered " + what
                    + " with " + r.getStatus() + ": " + r.getError()));
            case KV_STATUS_STALE_REQUEST -> Verdict.fail(new KvOutcomeUnknownException(server + " answered "
                    + what + " with " + r.getStatus() + ": " + r.getError()));
            default -> Verdict.retryNext(new KvException(server + ": " + r.getStatus() + " " + r.getError()),
                    r.getNotProposed());
        };
    }

    /** Waits for {@code f}; rethrows its failure as it is (a {@link KvException} or another unchecked exception). */
    private static ShardConfig await(CompletableFuture<ShardConfig> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvOutcomeUnknownException("interrupted while waiting for the controller; " + what
                    + " may still apply", e);
        } catch (ExecutionException e) {
            Throwable cause = GroupCall.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new KvException(cause.toString(), cause);
        }
    }

    @Override
    public String toString() {
        return "ControllerClerk[" + Long.toUnsignedString(clientId) + " -> " + cluster + " " + servers + "]";
    }
}
