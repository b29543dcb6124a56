package io.eraft.dist.check;

import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvNotAppliedException;
import io.eraft.shardkv.linearizability.OpKind;

import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * A KV client whose every operation is recorded: a {@link KvNotAppliedException} is a definite failure
 * ({@code fail}), any other failure (a timeout, an unknown outcome, a lost connection) is indeterminate
 * ({@code info}).
 */
final class RecordingClient {
    /** What an operation ended as, and for a get or cas its result. */
    record Result(Recorder.Outcome outcome, byte[] value, boolean applied) {
        boolean ok() {
            return outcome == Recorder.Outcome.OK;
        }
    }

    private final int id;
    private final KvClient client;
    private final Recorder recorder;

    RecordingClient(int id, KvClient client, Recorder recorder) {
        this.id = id;
        this.client = client;
        this.recorder = recorder;
    }

    Result get(byte[] key) {
        long op = recorder.invoke(id, OpKind.GET, key, null, null);
        try {
            Optional<byte[]> v = client.get(key);
            recorder.ok(op, v.orElse(null), false);
            return new Result(Recorder.Outcome.OK, v.orElse(null), false);
        } catch (RuntimeException e) {
            return failed(op, e);
        }
    }

    Result put(byte[] key, byte[] value) {
        return write(OpKind.PUT, key, value, () -> client.put(key, value));
    }

    Result append(byte[] key, byte[] suffix) {
        return write(OpKind.APPEND, key, suffix, () -> client.append(key, suffix));
    }

    private Result write(OpKind kind, byte[] key, byte[] value, Runnable send) {
        long op = recorder.invoke(id, kind, key, value, null);
        try {
            send.run();
            recorder.ok(op, null, false);
            return new Result(Recorder.Outcome.OK, null, false);
        } catch (RuntimeException e) {
            return failed(op, e);
        }
    }

    Result cas(byte[] key, byte[] expected, byte[] value) {
        long op = recorder.invoke(id, OpKind.CAS, key, value, expected);
        try {
            boolean applied = client.compareAndSet(key, expected, value);
            recorder.ok(op, null, applied);
            return new Result(Recorder.Outcome.OK, null, applied);
        } catch (RuntimeException e) {
            return failed(op, e);
        }
    }

    private Result failed(long op, RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof KvNotAppliedException) {
            recorder.fail(op, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return new Result(Recorder.Outcome.FAIL, null, false);
        }
        recorder.info(op, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return new Result(Recorder.Outcome.INFO, null, false);
    }
}
