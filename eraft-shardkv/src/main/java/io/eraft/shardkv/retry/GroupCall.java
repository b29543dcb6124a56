package io.eraft.shardkv.retry;

import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.UnknownChannelException;
import io.eraft.shardkv.kv.KvAccessDeniedException;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvNotAppliedException;
import io.eraft.shardkv.kv.KvOutcomeUnknownException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.KvUnavailableException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One operation's attempts at a group of servers, without blocking a thread. Each attempt goes to the server
 * believed to lead ({@link Caller#leader}) with the request timeout, capped by what is left of the operation
 * timeout; a {@link Classifier} says what the reply means ({@link Verdict}). A NOT_LEADER hint is followed; a server
 * that failed, did not answer or sent an undecodable reply is followed by the next. After a full round of failures
 * the call pauses (backoff with jitter, on a timer: no thread waits) and tries again, or hands over to its rerouter
 * if it has one. Once the operation timeout is spent it fails with a {@link KvTimeoutException} naming the
 * operation and the last error.
 *
 * <p>Definite and indeterminate failures: the call remembers whether any attempt may have applied (no answer, a lost
 * connection, a server that failed after proposing; see {@link Verdict#unapplied()}). For a {@link #asWrite() write},
 * a definite refusal ({@link KvNotAppliedException}) is reported as it is only when no earlier attempt may have
 * applied; otherwise as a {@link KvOutcomeUnknownException} caused by it. A write whose every attempt was refused
 * before it was proposed times out with {@link KvUnavailableException} (definite), any other with
 * {@link KvTimeoutException} (outcome unknown). A transport's {@link AccessDeniedException} fails the call at once
 * with {@link KvAccessDeniedException}: the request was not handled, and retrying cannot help.
 *
 * <p>A call's steps run one at a time, each started by the completion of the one before (on a transport or timer
 * thread), so its state needs no lock. Its result completes on such a thread: do not block in its callbacks.
 *
 * <p>Internal: the clerks' retry loop, shared by the kv, shard and ctrler packages; not exported.
 *
 * @param <T> what an OK reply gives
 */
public final class GroupCall<T> {
    /** Says what one server's reply means. */
    @FunctionalInterface
    public interface Classifier<T> {
        /** The verdict on {@code reply} from {@code server}; throws when it cannot be decoded (next server). */
        Verdict<T> classify(NodeId server, byte[] reply) throws IOException;
    }

    private final Caller caller;
    private final String what;
    private final String who;
    private final Supplier<String> where;
    private final Classifier<T> classifier;
    private final Runnable rerouter; // null: pause and try the same group again
    private final long deadline;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private String channel;
    private List<NodeId> servers;
    private Supplier<List<NodeId>> serverSource; // null: the servers stay as sent
    private byte[] payload;
    private int failuresThisRound;
    private int rounds;
    private Throwable lastError;
    private boolean write;
    private boolean uncertain; // an attempt may have applied

    GroupCall(Caller caller, String what, String who, Supplier<String> where, Classifier<T> classifier,
              Runnable rerouter) {
        this.caller = caller;
        this.what = what;
        this.who = who;
        this.where = where;
        this.classifier = classifier;
        this.rerouter = rerouter;
        this.deadline = System.nanoTime() + caller.options.operationTimeout().toNanos();
    }

    /**
     * Marks the call as a write (call before {@link #send}): its failures then say whether it may have applied
     * (see the class comment). A read's failures are reported as they come.
     */
    public GroupCall<T> asWrite() {
        write = true;
        return this;
    }

    /** Completes with the value of the first OK, or fails with a FAIL verdict's error or the timeout. */
    public CompletableFuture<T> result() {
        return result;
    }

    /**
     * Starts a round of attempts at {@code servers} (from the one believed to lead) on {@code channel}; returns
     * {@link #result()}. Every attempt sends {@code payload} as it is (a write keeps its sequence number).
     */
    public CompletableFuture<T> send(String channel, List<NodeId> servers, byte[] payload) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server to send " + what + " to on channel '" + channel + "'");
        }
        this.channel = channel;
        this.servers = List.copyOf(servers);
        this.payload = payload;
        failuresThisRound = 0;
        attempt();
        return result;
    }

    /**
     * Like {@link #send(String, List, byte[])}, but the servers may change while the call goes on (a clerk learns the
     * group's configuration from replies): after every failed attempt the call asks {@code servers} again, and a
     * changed list starts a new round at it.
     */
    public CompletableFuture<T> send(String channel, Supplier<List<NodeId>> servers, byte[] payload) {
        this.serverSource = servers;
        return send(channel, servers.get(), payload);
    }

    /** Records an error met outside the group (a rerouter's); the timeout names the last error. */
    public void noteError(Throwable error) {
        lastError = error;
    }

    /** Runs {@code next} after this round's backoff pause (never past the deadline); the next pause is longer. */
    public void pauseThen(Runnable next) {
        long pause = Math.min(caller.backoffMillis(rounds++), remainingMillis());
        CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS, Runnable::run).execute(next);
    }

    /** What is left of the operation timeout, in milliseconds (0 once past the deadline). */
    public long remainingMillis() {
        return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    }

    /** True when the call is over: completed, or past its deadline (then it fails with the timeout now). */
    public boolean expired() {
        if (result.isDone()) {
            return true;
        }
        if (System.nanoTime() - deadline < 0) {
            return false;
        }
        if (write && !uncertain) {
            result.completeExceptionally(new KvUnavailableException(who + " took " + what + " within "
                    + caller.options.operationTimeout() + where.get() + "; every server that answered refused it "
                    + "before proposing it, so it was not applied; last error: " + lastError, lastError));
        } else {
            result.completeExceptionally(new KvTimeoutException(who + " completed " + what + " within "
                    + caller.options.operationTimeout() + where.get() + "; last error: " + lastError, lastError));
        }
        return true;
    }

    private void attempt() {
        if (expired()) {
            return;
        }
        NodeId server = caller.leader(channel, servers);
        Duration requestTimeout = caller.options.requestTimeout();
        long leftNanos = deadline - System.nanoTime();
        Duration timeout = requestTimeout.toNanos() <= leftNanos ? requestTimeout
                : Duration.ofMillis(Math.max(1, leftNanos / 1_000_000));
        CompletableFuture<byte[]> reply;
        try {
            reply = caller.transport.request(server, channel, payload, timeout);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((bytes, error) -> onReply(server, bytes, error));
    }

    private void onReply(NodeId server, byte[] bytes, Throwable error) {
        Verdict<T> verdict = error != null ? transportFailure(server, unwrap(error)) : classify(server, bytes);
        boolean earlierUncertain = uncertain;
        if (verdict.kind() != Verdict.Kind.OK && !verdict.unapplied()) {
            uncertain = true;
        }
        if (verdict.kind() != Verdict.Kind.OK) {
            refreshServers();
        }
        switch (verdict.kind()) {
            case OK -> result.complete(verdict.value());
            case FAIL -> result.completeExceptionally(finalError(verdict.error(), earlierUncertain));
            case NOT_LEADER -> {
                lastError = verdict.error();
                if (!caller.followHint(channel, servers, server, verdict.hint())) {
                    caller.moveOn(channel, servers, server);
                }
                countFailure();
            }
            case RETRY_NEXT -> {
                lastError = verdict.error();
                caller.moveOn(channel, servers, server);
                countFailure();
            }
            case REROUTE -> {
                lastError = verdict.error();
                if (rerouter == null) {
                    result.completeExceptionally(finalError(verdict.error(), earlierUncertain));
                } else {
                    rerouter.run();
                }
            }
        }
    }

    /** Takes the server source's list when it changed: a new round at the new list. */
    private void refreshServers() {
        if (serverSource == null) {
            return;
        }
        List<NodeId> now = serverSource.get();
        if (!now.isEmpty() && !now.equals(servers)) {
            servers = List.copyOf(now);
            failuresThisRound = 0;
        }
    }

    /**
     * What a transport failure means: an access refusal fails the call (definite: the request was not handled); an
     * unknown channel (no handler there) moves on, unapplied; anything else moves on with the attempt's fate unknown.
     */
    private Verdict<T> transportFailure(NodeId server, Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof AccessDeniedException denied) {
                return Verdict.fail(new KvAccessDeniedException(server + " refused " + what + " on channel '"
                        + channel + "': " + denied.getMessage(), denied));
            }
        }
        return Verdict.retryNext(cause, cause instanceof UnknownChannelException);
    }

    /**
     * The error a failed call completes with: a write's definite refusal becomes indeterminate when an earlier
     * attempt may have applied.
     */
    private Throwable finalError(Throwable error, boolean earlierUncertain) {
        if (write && earlierUncertain && error instanceof KvNotAppliedException) {
            return new KvOutcomeUnknownException(what + " was refused (" + error.getMessage() + "), but an earlier "
                    + "attempt got no definite answer and may have applied; last error before it: " + lastError, error);
        }
        return error;
    }

    private Verdict<T> classify(NodeId server, byte[] bytes) {
        try {
            return classifier.classify(server, bytes);
        } catch (IOException e) {
            return Verdict.retryNext(new KvException(server + " sent an undecodable reply: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            return Verdict.fail(e); // a classifier bug: fail rather than lose the call
        }
    }

    /** Tries the next server now; once each server of the round failed, pauses (or reroutes) first. */
    private void countFailure() {
        if (++failuresThisRound < servers.size()) {
            attempt();
            return;
        }
        failuresThisRound = 0;
        if (rerouter != null) {
            rerouter.run();
        } else {
            pauseThen(this::attempt);
        }
    }

    /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
