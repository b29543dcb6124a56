package io.eraft.api.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Operations that a store applies atomically, in order, plus optionally the applied log index they bring the store
 * to. A batch is built by one thread and handed to {@link StateMachineStore#write(WriteBatch)}; it holds references
 * to the caller's arrays, which must not change afterwards.
 */
public final class WriteBatch {
    /** The kinds of operation a batch holds. */
    public enum Kind { PUT, APPEND, DELETE }

    /** One operation. {@code value} is null for DELETE. */
    public record Op(Kind kind, byte[] key, byte[] value) {
        public Op {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            if (kind != Kind.DELETE) {
                Objects.requireNonNull(value, "value");
            }
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long appliedIndex = -1;
    private long bytes;

    public WriteBatch put(byte[] key, byte[] value) {
        return add(new Op(Kind.PUT, key, value));
    }

    public WriteBatch append(byte[] key, byte[] suffix) {
        return add(new Op(Kind.APPEND, key, suffix));
    }

    public WriteBatch delete(byte[] key) {
        return add(new Op(Kind.DELETE, key, null));
    }

    /** Sets the applied index stored atomically with this batch; it must not go backwards. */
    public WriteBatch appliedIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("applied index must be >= 0: " + index);
        }
        this.appliedIndex = index;
        return this;
    }

    private WriteBatch add(Op op) {
        ops.add(op);
        bytes += op.key().length + (op.value() == null ? 0 : op.value().length);
        return this;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    /** The applied index carried by this batch, or -1 when it carries none. */
    public long appliedIndexOrMinusOne() {
        return appliedIndex;
    }

    public boolean hasAppliedIndex() {
        return appliedIndex >= 0;
    }

    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty() && appliedIndex < 0;
    }

    /** Key and value bytes held. */
    public long bytes() {
        return bytes;
    }
}
