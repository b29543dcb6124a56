package io.eraft.shardkv.linearizability;

import io.eraft.api.store.Keys;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Prints operations for explanations, e.g. {@code client 3: APPEND(k1, "x") [t=12.3ms..13.1ms] -> ok}. */
final class OperationFormat {
    private OperationFormat() {
    }

    /** One line for {@code op}, with times in milliseconds since {@code originNanos}. */
    static String describe(Operation op, long originNanos) {
        StringBuilder sb = new StringBuilder();
        sb.append("client ").append(op.clientId()).append(": ").append(op.kind()).append('(')
                .append(Keys.printable(op.key()));
        switch (op.kind()) {
            case PUT, APPEND -> sb.append(", ").append(quoted(op.value()));
            case CAS -> sb.append(", ").append(quoted(op.expected())).append(", ").append(quoted(op.value()));
            case GET, DELETE -> { }
            default -> throw new AssertionError(op.kind());
        }
        sb.append(") [t=").append(millis(op.invokeNanos() - originNanos)).append("..");
        sb.append(op.completed() ? millis(op.returnNanos() - originNanos) : "?").append("] -> ");
        if (!op.completed()) {
            sb.append("unknown");
        } else if (op.kind() == OpKind.GET) {
            sb.append(quoted(op.output()));
        } else if (op.kind() == OpKind.CAS) {
            sb.append(op.casApplied() ? "applied" : "not applied");
        } else {
            sb.append("ok");
        }
        return sb.toString();
    }

    /** A value in quotes with printable bytes, or {@code absent} for null. */
    static String quoted(byte[] value) {
        return value == null ? "absent" : '"' + Keys.printable(value) + '"';
    }

    private static String millis(long nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(6).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + "ms";
    }
}
