package io.eraft.shardkv.ctrler;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.replica.FailureReplies;

/** Builds the {@link CtrlerResponse}s controller servers and the state machine send back. */
final class ControllerReplies {
    private ControllerReplies() {
    }

    static byte[] config(ShardConfig config) {
        return CtrlerResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).setConfig(config.toRecord()).build()
                .toByteArray();
    }

    static byte[] error(KvStatus status, String error) {
        return CtrlerResponse.newBuilder().setStatus(status).setError(error).build().toByteArray();
    }

    /** A refusal made before proposing, marked not proposed. */
    static byte[] refusal(KvStatus status, String error) {
        return ENCODER.error(status, error, true);
    }

    /** The controller protocol's failure replies. */
    static final FailureReplies.Encoder ENCODER = new FailureReplies.Encoder() {
        @Override
        public byte[] notLeader(NodeId hint, String message, boolean notProposed) {
            CtrlerResponse.Builder b = CtrlerResponse.newBuilder().setStatus(KvStatus.KV_STATUS_NOT_LEADER)
                    .setError(String.valueOf(message)).setNotProposed(notProposed);
            if (hint != null) {
                b.setLeaderHint(hint.value());
            }
            return b.build().toByteArray();
        }

        @Override
        public byte[] error(KvStatus status, String message, boolean notProposed) {
            return CtrlerResponse.newBuilder().setStatus(status).setError(message).setNotProposed(notProposed)
                    .build().toByteArray();
        }
    };
}
