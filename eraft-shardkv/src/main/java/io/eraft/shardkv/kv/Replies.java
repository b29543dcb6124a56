package io.eraft.shardkv.kv;

import com.google.protobuf.UnsafeByteOperations;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;

/** Builds the {@link KvResponse}s servers and the state machine send back. */
final class Replies {
    private static final byte[] OK = KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).build().toByteArray();
    private static final byte[] APPLIED = KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).setApplied(true)
            .build().toByteArray();
    private static final byte[] NOT_FOUND = OK;

    private Replies() {
    }

    /** A write done. */
    static byte[] ok() {
        return OK.clone();
    }

    /** A compare-and-set that did or did not apply. */
    static byte[] compareAndSet(boolean applied) {
        return applied ? APPLIED.clone() : OK.clone();
    }

    /** A read of a key that is absent. */
    static byte[] notFound() {
        return NOT_FOUND.clone();
    }

    /** A read of a key holding {@code value}. */
    static byte[] found(byte[] value) {
        return KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).setFound(true)
                .setValue(UnsafeByteOperations.unsafeWrap(value)).build().toByteArray();
    }

    static byte[] error(KvStatus status, String error) {
        return KvResponse.newBuilder().setStatus(status).setError(error).build().toByteArray();
    }
}
