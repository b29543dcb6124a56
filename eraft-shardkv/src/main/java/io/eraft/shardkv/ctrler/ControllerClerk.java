package io.eraft.shardkv.ctrler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.SessionExpiredException;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.GroupServers;
import io.eraft.shardkv.proto.JoinOp;
import io.eraft.shardkv.proto.LeaveOp;
import io.eraft.shardkv.proto.MoveOp;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of the shard controller: Join, Leave, Move and Query. It finds the leader (following NOT_LEADER hints or
 * trying each server in turn) and retries on a wrong leader, an unavailable server or a timeout, pausing with
 * exponential backoff after each full round of servers, as {@link io.eraft.shardkv.kv.KvClerk} does. Changes carry
 * the clerk's id and a sequence number that retries repeat, so each applies exactly once.
 *
 * <p>Calls block the caller and are serialised (one at a time per clerk). Failures: {@link KvTimeoutException} (no
 * answer within the operation timeout; a change's outcome is then unknown), {@link KvRequestRejectedException} (the
 * controller refused the change: unknown or duplicate group, shard out of range), {@link SessionExpiredException}.
 */
public final class ControllerClerk {
    private static final SecureRandom IDS = new SecureRandom();

    private final Transport transport;
    private final String cluster;
    private final String channel;
    private final List<NodeId> servers;
    private final ClerkOptions options;
    private final SplittableRandom jitter;
    private long clientId;
    private long sequence;
    private int leader;

    private ControllerClerk(Transport transport, String cluster, List<NodeId> servers, ClerkOptions options,
                            long clientId) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.channel = ControllerServer.channel(cluster);
        this.servers = List.copyOf(servers);
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("a clerk of controller '" + cluster + "' needs at least one server");
        }
        this.options = Objects.requireNonNull(options, "options");
        this.clientId = clientId;
        this.jitter = new SplittableRandom(clientId);
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

    /** Adds groups (id → servers); returns the configuration the Join made. */
    public ShardConfig join(Map<String, List<NodeId>> groups) {
        JoinOp.Builder join = JoinOp.newBuilder();
        groups.forEach((id, members) -> join.addGroups(GroupServers.newBuilder().setGroupId(id)
                .addAllServers(members.stream().map(NodeId::value).toList())));
        return change(CtrlerCommand.newBuilder().setJoin(join), "join " + groups.keySet());
    }

    /** Removes groups; their shards go to the remaining groups. Returns the configuration the Leave made. */
    public ShardConfig leave(Collection<String> groupIds) {
        return change(CtrlerCommand.newBuilder().setLeave(LeaveOp.newBuilder().addAllGroupIds(groupIds)),
                "leave " + groupIds);
    }

    /** Gives {@code shard} to group {@code groupId}; returns the configuration the Move made. */
    public ShardConfig move(int shard, String groupId) {
        return change(CtrlerCommand.newBuilder().setMove(MoveOp.newBuilder().setShard(shard).setGroupId(groupId)),
                "move shard " + shard + " to " + groupId);
    }

    /** Configuration {@code num}; the latest when {@code num} is negative or past the latest. */
    public ShardConfig query(long num) {
        return call(CtrlerRequest.newBuilder().setCluster(cluster).setQuery(num).build(), "query " + num);
    }

    /** The latest configuration. */
    public ShardConfig latest() {
        return query(-1);
    }

    private synchronized ShardConfig change(CtrlerCommand.Builder command, String what) {
        // A refused change is recorded like an applied one, so its sequence number stays used.
        CtrlerCommand c = command.setClientId(clientId).setSequence(++sequence).build();
        return call(CtrlerRequest.newBuilder().setCluster(cluster).setChange(c).build(), what);
    }

    private synchronized ShardConfig call(CtrlerRequest request, String what) {
        byte[] payload = request.toByteArray();
        long deadline = System.nanoTime() + options.operationTimeout().toNanos();
        int failuresThisRound = 0;
        int rounds = 0;
        Throwable lastError = null;
        while (System.nanoTime() - deadline < 0) {
            NodeId target = servers.get(leader);
            CtrlerResponse r;
            try {
                byte[] bytes = transport.request(target, channel, payload, options.requestTimeout())
                        .get(options.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
                r = CtrlerResponse.parseFrom(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvException("interrupted while waiting for the controller; " + what + " may still apply",
                        e);
            } catch (ExecutionException | TimeoutException | InvalidProtocolBufferException | RuntimeException e) {
                lastError = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                r = null;
            }
            if (r != null) {
                switch (r.getStatus()) {
                    case KV_STATUS_OK:
                        return ShardConfig.fromRecord(r.getConfig());
                    case KV_STATUS_BAD_REQUEST:
                        throw new KvRequestRejectedException("the controller refused " + what + ": " + r.getError());
                    case KV_STATUS_SESSION_EXPIRED:
                        clientId = IDS.nextLong();
                        sequence = 0;
                        throw new SessionExpiredException(r.getError());
                    case KV_STATUS_STALE_REQUEST:
                    case KV_STATUS_WRONG_GROUP:
                        throw new KvException(target + " answered " + what + " with " + r.getStatus() + ": "
                                + r.getError());
                    case KV_STATUS_NOT_LEADER:
                        int hinted = r.getLeaderHint().isEmpty() ? -1
                                : servers.indexOf(NodeId.of(r.getLeaderHint()));
                        lastError = new KvException(r.getError());
                        if (hinted >= 0 && hinted != leader) {
                            leader = hinted;
                            continue;
                        }
                        break;
                    default:
                        lastError = new KvException(target + ": " + r.getStatus() + " " + r.getError());
                }
            }
            leader = (leader + 1) % servers.size();
            if (++failuresThisRound >= servers.size()) {
                failuresThisRound = 0;
                pause(backoffMillis(rounds++));
            }
        }
        throw new KvTimeoutException("no controller server of '" + cluster + "' " + servers + " completed " + what
                + " within " + options.operationTimeout() + "; last error: " + lastError, lastError);
    }

    private long backoffMillis(int round) {
        long min = options.minBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        long base = Math.min(max, min << Math.min(round, 20));
        long half = Math.max(1, base / 2);
        return half + jitter.nextLong(half + 1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvException("interrupted while waiting to retry the controller", e);
        }
    }

    @Override
    public String toString() {
        return "ControllerClerk[" + Long.toUnsignedString(clientId) + " -> " + cluster + " " + servers + "]";
    }
}
