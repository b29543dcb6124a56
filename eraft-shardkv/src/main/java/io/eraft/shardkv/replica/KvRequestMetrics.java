package io.eraft.shardkv.replica;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;
import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * What one server (a KV group or shard group member) records about the KV requests it serves: how long each took from
 * its receipt to its reply, by operation ({@code eraft_kv_request_seconds{op}}), and every reply that was an error,
 * by operation and kind ({@code eraft_kv_errors_total{op,kind}}), refusals made before Raft included. The kinds are
 * the KV protocol's error statuses ({@link ErrorKind}). Every series is looked up once, when the server starts;
 * recording allocates nothing. Thread-safe.
 * <p>Internal: replica machinery shared by the kv, shard and ctrler packages; io.eraft.shardkv does not export it.
 */
public final class KvRequestMetrics {
    /** The operation of a request, the {@code op} label. */
    public enum Op {
        GET, PUT, APPEND, DELETE, CAS,
        /** A request whose operation could not be decoded (always a BAD_REQUEST). */
        UNKNOWN;

        final String label = name().toLowerCase(Locale.ROOT);

        /** The operation of {@code command}; {@link #UNKNOWN} for null (a write that could not be decoded). */
        public static Op of(Command command) {
            if (command instanceof Put) {
                return PUT;
            } else if (command instanceof Append) {
                return APPEND;
            } else if (command instanceof Delete) {
                return DELETE;
            } else if (command instanceof CompareAndSet) {
                return CAS;
            } else if (command instanceof Get) {
                return GET;
            }
            return UNKNOWN;
        }
    }

    /** The {@code kind} label of an error reply: the KV protocol's error statuses, and {@link #OTHER}. */
    public enum ErrorKind {
        NOT_LEADER, WRONG_GROUP, UNAVAILABLE, SESSION_EXPIRED, STALE_REQUEST, BAD_REQUEST, NO_SPACE,
        /** A reply of no known status, or a request that failed without a reply. */
        OTHER;

        final String label = name().toLowerCase(Locale.ROOT);

        /** The kind of a reply of status {@code status}; null for OK (not an error). */
        static ErrorKind of(KvStatus status) {
            if (status == null) {
                return OTHER;
            }
            return switch (status) {
                case KV_STATUS_OK -> null;
                case KV_STATUS_NOT_LEADER -> NOT_LEADER;
                case KV_STATUS_WRONG_GROUP -> WRONG_GROUP;
                case KV_STATUS_UNAVAILABLE -> UNAVAILABLE;
                case KV_STATUS_SESSION_EXPIRED -> SESSION_EXPIRED;
                case KV_STATUS_STALE_REQUEST -> STALE_REQUEST;
                case KV_STATUS_BAD_REQUEST -> BAD_REQUEST;
                case KV_STATUS_NO_SPACE -> NO_SPACE;
                default -> OTHER;
            };
        }
    }

    /** A {@code KvResponse}'s first byte when its status is set: field 1, varint (protobuf writes fields in order). */
    private static final byte STATUS_TAG = 0x08;

    private final LongSupplier clock;
    private final Histogram[] latency;
    private final Counter[][] errors;

    /**
     * Looks up every series in {@code metrics} (labelled by the caller with the group and node).
     *
     * @param nanoClock the monotonic clock request durations are measured with
     */
    public KvRequestMetrics(Metrics metrics, LongSupplier nanoClock) {
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        Op[] ops = Op.values();
        ErrorKind[] kinds = ErrorKind.values();
        latency = new Histogram[ops.length];
        errors = new Counter[ops.length][kinds.length];
        for (Op op : ops) {
            latency[op.ordinal()] = metrics.histogram("eraft_kv_request_seconds",
                    "time from the receipt of a client's KV request to its reply, on the server", "op", op.label);
            for (ErrorKind kind : kinds) {
                errors[op.ordinal()][kind.ordinal()] = metrics.counter("eraft_kv_errors_total",
                        "KV requests answered with an error, by the protocol's error status", "op", op.label,
                        "kind", kind.label);
            }
        }
    }

    /** The clock's reading now: when a request was received. */
    public long now() {
        return clock.getAsLong();
    }

    /**
     * Records request {@code op}, received at {@code receivedNanos} ({@link #now()}), when {@code reply} completes;
     * returns {@code reply}.
     */
    public CompletableFuture<byte[]> recorded(Op op, long receivedNanos, CompletableFuture<byte[]> reply) {
        if (reply.isDone() && !reply.isCompletedExceptionally()) {
            record(op, receivedNanos, reply.join(), null);
        } else {
            reply.whenComplete((bytes, failure) -> record(op, receivedNanos, bytes, failure));
        }
        return reply;
    }

    private void record(Op op, long receivedNanos, byte[] reply, Throwable failure) {
        latency[op.ordinal()].observeNanos(clock.getAsLong() - receivedNanos);
        ErrorKind kind = failure != null || reply == null ? ErrorKind.OTHER : ErrorKind.of(statusOf(reply));
        if (kind != null) {
            errors[op.ordinal()][kind.ordinal()].inc();
        }
    }

    /**
     * The status of encoded {@code KvResponse} {@code reply}, read from its first two bytes without decoding it (every
     * status number fits one varint byte); decoded in full only when they are not the status. Null when unknown.
     */
    static KvStatus statusOf(byte[] reply) {
        if (reply.length >= 2 && reply[0] == STATUS_TAG && reply[1] > 0) {
            return KvStatus.forNumber(reply[1]);
        }
        try {
            KvStatus s = KvResponse.parseFrom(reply).getStatus();
            return s == KvStatus.UNRECOGNIZED ? null : s;
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
