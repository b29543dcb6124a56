package io.eraft.shardkv.ctrler;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.KvStatus;

/** Builds the {@link CtrlerResponse}s controller servers and the state machine send back. */
final class ControllerReplies {
    private ControllerReplies() {
    }

    static byte[] config(ShardConfig config) {
        return CtrlerResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).setConfig(config.toRecord()).build()
                .toByteArray();
    }

    static byte[] notLeader(NodeId hint, String error) {
        CtrlerResponse.Builder b = CtrlerResponse.newBuilder().setStatus(KvStatus.KV_STATUS_NOT_LEADER)
                .setError(error);
        if (hint != null) {
            b.setLeaderHint(hint.value());
        }
        return b.build().toByteArray();
    }

    static byte[] error(KvStatus status, String error) {
        return CtrlerResponse.newBuilder().setStatus(status).setError(error).build().toByteArray();
    }
}
