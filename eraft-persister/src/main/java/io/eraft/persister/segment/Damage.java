package io.eraft.persister.segment;

import io.eraft.api.log.LogCorruptedException;

import java.nio.file.Path;

/**
 * The first damage found in a log directory: what and where, and what repair does about it.
 *
 * @param kind   what repair has to do
 * @param file   the damaged (or missing) file
 * @param detail what is wrong and where (file, offset, entries), one or more sentences without a final full stop
 * @param cut    for {@link Kind#SEGMENT}: the segment and offset from which records are dropped (offset 0: the whole
 *               segment); else null
 */
record Damage(Kind kind, Path file, String detail, Cut cut) {

    /** What repair does about a damage. */
    enum Kind {
        /** A segment's records are damaged from some offset on: repair drops them and every later segment. */
        SEGMENT,
        /**
         * Nothing after the snapshot can be trusted (the first segment is missing or its start is damaged): repair
         * starts an empty log after the snapshot.
         */
        LOG_START,
        /** The meta file is damaged, so the snapshot point is unknown: repair starts an empty log from scratch. */
        META,
        /** Both hard-state copies are lost: repair rebuilds the hard state from the log. */
        HARD_STATE,
        /** A file was written by a newer version: not damage, and nothing repair may touch. */
        NEWER_FORMAT
    }

    /**
     * Where repair cuts a segment.
     *
     * @param lastKept the last entry index kept (entries after it are dropped)
     */
    record Cut(long segment, long offset, long lastKept) {
    }

    boolean repairable() {
        return kind != Kind.NEWER_FORMAT;
    }

    /** What repair does, for messages: "cuts the log after entry 41". */
    String repairAction() {
        return switch (kind) {
            case SEGMENT -> "cuts the log after entry " + cut.lastKept() + ", dropping the damaged record and "
                    + "everything after it";
            case LOG_START -> "empties the log after its snapshot (entry " + cut.lastKept() + ")";
            case META -> "starts the log over, empty";
            case HARD_STATE -> "rebuilds the hard state from the log (the term of its newest entry, no vote)";
            case NEWER_FORMAT -> "cannot repair it";
        };
    }

    /**
     * The exception {@code open} throws, whose message is: {@code damaged log in <dir>: <detail>. To repair it, stop
     * the member and run `eraft repair-log --data-dir <data-dir>`; it <action>, and marks the member recovering so
     * that it does not vote until its leader has sent back what was lost}; for a newer format: {@code log in <dir>
     * was written by a newer version: <detail>. Open it with that version; repair-log would not understand it}.
     */
    LogCorruptedException exception(Path logDirectory) {
        if (!repairable()) {
            return new LogCorruptedException("log in " + logDirectory + " was written by a newer version: " + detail
                    + ". Open it with that version; repair-log would not understand it", file, false);
        }
        return new LogCorruptedException("damaged log in " + logDirectory + ": " + detail + ". To repair it, stop the "
                + "member and run `" + RepairCommand.of(logDirectory) + "`; it " + repairAction() + ", and marks the "
                + "member recovering so that it does not vote until its leader has sent back what was lost",
                file, true);
    }
}
