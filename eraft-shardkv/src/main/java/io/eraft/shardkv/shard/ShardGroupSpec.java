package io.eraft.shardkv.shard;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvServerSpec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to start one {@link ShardServer}.
 *
 * @param server        the server's Raft group (its group id is the shard group id), log, store and transport
 * @param shardCount    the cluster's number of shards (the controller's)
 * @param controller    the controller cluster's name
 * @param controllers   the controller servers
 * @param pollInterval  how often the leader asks the controller for the next configuration and drives migration
 * @param chunkBytes    the most entry bytes one migration chunk carries
 */
public record ShardGroupSpec(KvServerSpec server, int shardCount, String controller, List<NodeId> controllers,
                             Duration pollInterval, int chunkBytes) {
    public ShardGroupSpec {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(controller, "controller");
        controllers = List.copyOf(controllers);
        if (controllers.isEmpty()) {
            throw new IllegalArgumentException("a shard group needs at least one controller server");
        }
        if (shardCount < 1) {
            throw new IllegalArgumentException("a cluster has at least one shard: " + shardCount);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
    }

    /** A spec polling every 50 ms with 64 KiB migration chunks. */
    public static ShardGroupSpec of(KvServerSpec server, int shardCount, String controller,
                                    List<NodeId> controllers) {
        return new ShardGroupSpec(server, shardCount, controller, controllers, Duration.ofMillis(50), 64 << 10);
    }

    public String groupId() {
        return server.groupId();
    }
}
