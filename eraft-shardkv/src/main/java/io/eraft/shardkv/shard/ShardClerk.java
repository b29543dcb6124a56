package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Put;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.ReadRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of a sharded cluster: maps each key to its shard ({@link ShardKeys}), the shard to its group through the
 * latest configuration it knows, and sends the KV protocol to that group's leader. On WRONG_GROUP it asks the
 * controller for the latest configuration and retries; on a wrong leader, an unavailable server or a timeout it
 * tries the group's next server, pausing after each full round. Every write carries this clerk's id and a sequence
 * number that retries repeat, at whatever group, so it applies exactly once across migrations (the shard's
 * sessions move with it).
 *
 * <p>Calls block and are serialised (one at a time per clerk). Failures: {@link KvTimeoutException} (a write's
 * outcome is then unknown), {@link KvRequestRejectedException} (over the size limits).
 */
public final class ShardClerk {
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    private final Transport transport;
    private final ControllerClerk controller;
    private final ClerkOptions options;
    private final long clientId;
    private final Map<String, Integer> leaders = new HashMap<>();
    private ShardConfig config;
    private long sequence;

    private ShardClerk(Transport transport, ControllerClerk controller, ClerkOptions options, long clientId) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.controller = Objects.requireNonNull(controller, "controller");
        this.options = Objects.requireNonNull(options, "options");
        this.clientId = clientId;
    }

    /**
     * A clerk that finds groups through {@code controller}.
     *
     * @param clientId unique among the cluster's live clients (a random 64-bit number is)
     */
    public static ShardClerk create(Transport transport, ControllerClerk controller, ClerkOptions options,
                                    long clientId) {
        return new ShardClerk(transport, controller, options, clientId);
    }

    /** The value of {@code key}, or empty when the key is absent. */
    public synchronized Optional<byte[]> get(byte[] key) {
        options.limits().checkKey(key);
        KvResponse r = call(key, group -> KvRequest.newBuilder().setGroup(group)
                .setRead(ReadRequest.newBuilder().setKey(ByteString.copyFrom(key))).build(), "get");
        return r.getFound() ? Optional.of(r.getValue().toByteArray()) : Optional.empty();
    }

    public synchronized void put(byte[] key, byte[] value) {
        options.limits().checkKey(key);
        options.limits().checkValue("value", value);
        write(new Put(clientId, ++sequence, key, value), key, "put");
    }

    /** Appends {@code suffix} to the value of {@code key} (an absent key counts as empty). */
    public synchronized void append(byte[] key, byte[] suffix) {
        options.limits().checkKey(key);
        options.limits().checkValue("append suffix", suffix);
        write(new Append(clientId, ++sequence, key, suffix), key, "append");
    }

    public synchronized void delete(byte[] key) {
        options.limits().checkKey(key);
        write(new Delete(clientId, ++sequence, key), key, "delete");
    }

    private void write(Command command, byte[] key, String what) {
        ByteString encoded = ByteString.copyFrom(WIRE.encodeCommand(command));
        call(key, group -> KvRequest.newBuilder().setGroup(group).setWrite(encoded).build(),
                what + " #" + command.sequence());
    }

    @FunctionalInterface
    private interface RequestForGroup {
        KvRequest make(String group);
    }

    private KvResponse call(byte[] key, RequestForGroup request, String what) {
        long deadline = System.nanoTime() + options.operationTimeout().toNanos();
        int round = 0;
        Object lastError = null;
        while (System.nanoTime() - deadline < 0) {
            if (config == null) {
                config = controller.latest();
            }
            int shard = ShardKeys.shardOf(key, config.shardCount());
            String group = config.owner(shard);
            List<NodeId> servers = config.groups().get(group);
            if (servers == null) {
                lastError = "shard " + shard + " has no group in configuration " + config.num();
                pause(round++);
                config = null;
                continue;
            }
            KvRequest req = request.make(group);
            boolean wrongGroup = false;
            for (int tried = 0; tried < servers.size() && !wrongGroup; tried++) {
                int i = Math.floorMod(leaders.getOrDefault(group, 0), servers.size());
                KvResponse r = send(servers.get(i), group, req);
                if (r == null) {
                    lastError = servers.get(i) + " did not answer";
                    leaders.put(group, i + 1);
                    continue;
                }
                switch (r.getStatus()) {
                    case KV_STATUS_OK:
                        return r;
                    case KV_STATUS_WRONG_GROUP:
                        wrongGroup = true;
                        lastError = r.getError();
                        break;
                    case KV_STATUS_BAD_REQUEST:
                        throw new KvRequestRejectedException(r.getError());
                    case KV_STATUS_NOT_LEADER:
                        int hinted = r.getLeaderHint().isEmpty() ? -1
                                : servers.indexOf(NodeId.of(r.getLeaderHint()));
                        leaders.put(group, hinted >= 0 && hinted != i ? hinted : i + 1);
                        lastError = r.getError();
                        break;
                    case KV_STATUS_SESSION_EXPIRED:
                    case KV_STATUS_STALE_REQUEST:
                        throw new KvException("group '" + group + "' answered " + what + " with " + r.getStatus()
                                + ": " + r.getError());
                    default:
                        leaders.put(group, i + 1);
                        lastError = r.getError();
                }
            }
            pause(round++);
            if (wrongGroup) {
                config = null;
            }
        }
        throw new KvTimeoutException("no group completed " + what + " within " + options.operationTimeout()
                + "; last error: " + lastError, null);
    }

    private KvResponse send(NodeId server, String group, KvRequest request) {
        try {
            byte[] bytes = transport.request(server, KvServer.channel(group), request.toByteArray(),
                    options.requestTimeout()).get(options.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            return KvResponse.parseFrom(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvException("interrupted while waiting for group '" + group + "'", e);
        } catch (ExecutionException | TimeoutException | InvalidProtocolBufferException | RuntimeException e) {
            return null;
        }
    }

    private void pause(int round) {
        long min = options.minBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        try {
            Thread.sleep(Math.min(max, min << Math.min(round, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public String toString() {
        return "ShardClerk[" + Long.toUnsignedString(clientId) + "]";
    }
}
