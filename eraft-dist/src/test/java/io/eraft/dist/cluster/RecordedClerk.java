package io.eraft.dist.cluster;

import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.linearizability.History;
import io.eraft.shardkv.linearizability.OpKind;

import java.util.Optional;

/**
 * A clerk whose every operation is recorded in a {@link History}: invoked before sending, completed with its
 * result on a reply, unknown when it failed (a timeout leaves a write's outcome open).
 */
final class RecordedClerk {
    /** The result of a get: acknowledged (with the value, or null when absent) or not. */
    record Read(boolean acknowledged, byte[] value) {
    }

    private final int clientId;
    private final KvClerk clerk;
    private final History history;

    RecordedClerk(int clientId, KvClerk clerk, History history) {
        this.clientId = clientId;
        this.clerk = clerk;
        this.history = history;
    }

    /** Whether the put was acknowledged. */
    boolean put(byte[] key, byte[] value) {
        long op = history.invoke(clientId, OpKind.PUT, key, value, null);
        try {
            clerk.put(key, value);
        } catch (RuntimeException e) {
            history.unknown(op);
            return false;
        }
        history.ok(op, null, false);
        return true;
    }

    /** Whether the append was acknowledged. */
    boolean append(byte[] key, byte[] suffix) {
        long op = history.invoke(clientId, OpKind.APPEND, key, suffix, null);
        try {
            clerk.append(key, suffix);
        } catch (RuntimeException e) {
            history.unknown(op);
            return false;
        }
        history.ok(op, null, false);
        return true;
    }

    Read get(byte[] key) {
        long op = history.invoke(clientId, OpKind.GET, key, null, null);
        Optional<byte[]> value;
        try {
            value = clerk.get(key);
        } catch (RuntimeException e) {
            history.unknown(op);
            return new Read(false, null);
        }
        history.ok(op, value.orElse(null), false);
        return new Read(true, value.orElse(null));
    }
}
