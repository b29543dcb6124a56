package io.eraft.api.log;

/** The kinds of log entry. */
public enum EntryType {
    /** A state-machine command. */
    COMMAND,
    /** The empty entry a new leader appends at the start of its term, so it can commit earlier entries. */
    NOOP
}
