package io.eraft.raft.testing;

import io.eraft.api.transport.NodeId;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes through whichever member leads, for clusters of application state machines (where {@link RaftCluster#one}
 * is not available). A proposal that failed or got no answer may still commit, so it is proposed again: use it with
 * applications for which a repeated command is harmless, such as {@link DurableCommands}.
 */
public final class Acknowledged {
    private static final int ATTEMPTS = 5;

    private Acknowledged() {
    }

    /** Proposes {@code text} until a leader acknowledges it; returns the application's result. */
    public static byte[] write(RaftCluster c, String text) {
        Throwable last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            NodeId leader = c.checkOneLeader();
            try {
                return c.propose(leader, Commands.of(text)).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                last = e.getCause();
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing " + text, e);
            }
        }
        throw c.failure("no leader acknowledged '" + text + "' in " + ATTEMPTS + " attempts (last: " + last + "); "
                + c.describeStatuses());
    }
}
