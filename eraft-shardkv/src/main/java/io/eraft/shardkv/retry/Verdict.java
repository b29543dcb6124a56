package io.eraft.shardkv.retry;

import io.eraft.shardkv.kv.KvNotAppliedException;

import java.util.Objects;

/**
 * What one server's reply means for a {@link GroupCall}: done, or where to go next.
 *
 * <p>Internal: the clerks' retry loop, shared by the kv, shard and ctrler packages; not exported.
 *
 * @param kind  what the call does next
 * @param value the result ({@link Kind#OK} only)
 * @param hint  the server the reply names as leader, or empty ({@link Kind#NOT_LEADER} only)
 * @param error what went wrong (every kind but {@link Kind#OK}); the timeout names the last one
 * @param unapplied this attempt certainly did not apply (the server refused it before proposing it, or it never
 *                  reached a handler); false when it may have (no answer, or a proposal that failed after it was made)
 * @param <T>   the call's result type
 */
public record Verdict<T>(Kind kind, T value, String hint, Throwable error, boolean unapplied) {
    /** The kinds of reply. */
    public enum Kind {
        /** Done: the call completes with the value. */
        OK,
        /** The server does not lead: try the hinted server, or the next one when the hint names none of the list. */
        NOT_LEADER,
        /** The server could not serve the request now (or did not answer): try the next server. */
        RETRY_NEXT,
        /** Retrying cannot help: the call fails with the error at once. */
        FAIL,
        /** The group does not serve the request: the call's rerouter finds another (a call without one fails). */
        REROUTE
    }

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        hint = hint == null ? "" : hint;
        if (kind != Kind.OK) {
            Objects.requireNonNull(error, "a " + kind + " verdict needs the error it stands for");
        }
    }

    public static <T> Verdict<T> ok(T value) {
        return new Verdict<>(Kind.OK, value, "", null, false);
    }

    /** The server does not lead; the attempt may have been proposed (its fate is unknown). */
    public static <T> Verdict<T> notLeader(String hint, Throwable error) {
        return notLeader(hint, error, false);
    }

    /** The server does not lead; {@code unapplied}: it said it did not propose the attempt. */
    public static <T> Verdict<T> notLeader(String hint, Throwable error, boolean unapplied) {
        return new Verdict<>(Kind.NOT_LEADER, null, hint, error, unapplied);
    }

    /** The server could not serve now; the attempt may have been proposed (its fate is unknown). */
    public static <T> Verdict<T> retryNext(Throwable error) {
        return retryNext(error, false);
    }

    /** The server could not serve now; {@code unapplied}: the attempt certainly did not apply. */
    public static <T> Verdict<T> retryNext(Throwable error, boolean unapplied) {
        return new Verdict<>(Kind.RETRY_NEXT, null, "", error, unapplied);
    }

    /** Fails the call; the attempt certainly did not apply when {@code error} is a {@link KvNotAppliedException}. */
    public static <T> Verdict<T> fail(Throwable error) {
        return new Verdict<>(Kind.FAIL, null, "", error, error instanceof KvNotAppliedException);
    }

    /** Another group serves the request; unapplied when {@code error} is a {@link KvNotAppliedException}. */
    public static <T> Verdict<T> reroute(Throwable error) {
        return new Verdict<>(Kind.REROUTE, null, "", error, error instanceof KvNotAppliedException);
    }
}
