package io.eraft.shardkv.linearizability;

/** The kinds of key-value operation a {@link History} records and the checker's sequential model understands. */
public enum OpKind {
    /** Reads the key; its output is the current value, or null when the key is absent. */
    GET,
    /** Sets the key to the operation's value. */
    PUT,
    /** Appends the operation's value to the key's current value; an absent key counts as empty. */
    APPEND,
    /** Removes the key. */
    DELETE,
    /**
     * Compare-and-set: sets the key to the operation's value only when its current value equals the expected one
     * (a null expected value means "only when absent"); the outcome says whether it was applied.
     */
    CAS;

    /** Whether an operation of this kind carries a value (the PUT value, APPEND suffix or CAS new value). */
    boolean takesValue() {
        return this == PUT || this == APPEND || this == CAS;
    }
}
