package io.eraft.raft;

import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.Configuration;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.SnapshotResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Streams the state machine's snapshot to one follower in chunks of {@code snapshotChunkBytes}: the snapshot is
 * opened on the apply thread (a point-in-time view), read and sent from a snapshot I/O thread, one chunk at a time,
 * each retried a few times. At most two chunks are in memory; the whole snapshot never is.
 */
final class SnapshotSender {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSender.class);
    private static final int ATTEMPTS_PER_CHUNK = 5;

    /** Told on the event loop how the transfer ended. */
    @FunctionalInterface
    interface Done {
        void done(long index, boolean ok);
    }

    private final Context ctx;
    private final RaftCore core;
    private final long term;
    private final NodeId peer;
    private final Done done;
    private volatile boolean cancelled;
    /** The index of the snapshot being sent, once opened; -1 before. */
    private volatile long index = -1;

    SnapshotSender(Context ctx, RaftCore core, long term, NodeId peer, Done done) {
        this.ctx = ctx;
        this.core = core;
        this.term = term;
        this.peer = peer;
        this.done = done;
    }

    void start() {
        core.applier().submit(() -> {
            SnapshotSource source;
            long snapshotTerm;
            Membership configuration;
            try {
                source = ctx.stateMachine.openSnapshot();
                index = source.index();
                snapshotTerm = ctx.log.term(source.index());
                configuration = ctx.configs.at(source.index());
            } catch (Exception e) {
                LOG.warn("{}: cannot open a snapshot for {}: {}", ctx.name, peer, e.toString());
                finish(0, false);
                return;
            }
            ctx.snapshotIo.execute(() -> stream(source, snapshotTerm, configuration));
        });
    }

    void cancel() {
        cancelled = true;
    }

    /**
     * The index of the snapshot being sent, or -1 before it is opened (on the apply thread, after any snapshot taken
     * before: a compaction that comes later sees the index). The peer needs the entries after it once installed.
     */
    long index() {
        return index;
    }

    private void stream(SnapshotSource source, long snapshotTerm, Membership configuration) {
        Configuration config = Configurations.toProto(configuration);
        long index = source.index();
        boolean ok = false;
        try (source; InputStream in = source.data()) {
            int chunkBytes = ctx.config.snapshotChunkBytes();
            byte[] current = in.readNBytes(chunkBytes);
            long offset = 0;
            long start = ctx.metrics.now();
            while (!cancelled) {
                byte[] next = current.length == chunkBytes ? in.readNBytes(chunkBytes) : new byte[0];
                boolean last = next.length == 0;
                SnapshotChunk chunk = SnapshotChunk.newBuilder().setTerm(term).setLeader(ctx.self.value())
                        .setIndex(index).setSnapshotTerm(snapshotTerm).setOffset(offset)
                        .setData(UnsafeByteOperations.unsafeWrap(current)).setDone(last)
                        .setConfiguration(config).setConfigurationIndex(configuration.index()).build();
                // The last chunk is answered once the follower has installed the whole snapshot into its store,
                // which takes time in proportion to its size. While it installs, it answers a resent chunk with
                // "installing": wait for it (up to 30 s plus 1 s per 4 MiB), or a large install would count as
                // failed and start over with a new snapshot, forever.
                long installWaitNanos = TimeUnit.SECONDS.toNanos(30 + (offset + current.length) / (4L << 20));
                if (!sendChunk(chunk, installWaitNanos)) {
                    break;
                }
                offset += current.length;
                if (last) {
                    ok = true;
                    ctx.metrics.snapshotSent(start, offset);
                    LOG.info("{}: sent snapshot through {} ({} bytes) to {}", ctx.name, index, offset, peer);
                    break;
                }
                current = next;
            }
        } catch (InterruptedException e) {
            LOG.debug("{}: snapshot to {} interrupted (stopping)", ctx.name, peer);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: sending the snapshot to {} failed: {}", ctx.name, peer, e.toString());
        }
        finish(index, ok);
    }

    private boolean sendChunk(SnapshotChunk chunk, long installWaitNanos) throws InterruptedException {
        byte[] payload = ctx.request().setSnapshot(chunk).build().toByteArray();
        Duration timeout = ctx.config.requestTimeout();
        long installDeadline = System.nanoTime() + installWaitNanos;
        int attempt = 1;
        while (attempt <= ATTEMPTS_PER_CHUNK && !cancelled) {
            try {
                byte[] reply = ctx.transport.request(peer, ctx.channel, payload, timeout)
                        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                RaftResponse resp = ctx.parseAdmitted(peer, reply);
                SnapshotResponse r = resp.getSnapshot();
                if (r.getTerm() > term) {
                    ctx.loop.execute(() -> core.becomeFollower(r.getTerm(), null));
                    return false;
                }
                if (r.getInstalling() && System.nanoTime() - installDeadline < 0) {
                    Thread.sleep(100); // the follower installs (this snapshot, after a lost answer): ask again
                    continue;
                }
                return r.getOk();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Thread.sleep(10L * attempt);
                attempt++;
            }
        }
        return false;
    }

    private void finish(long index, boolean ok) {
        ctx.loop.execute(() -> done.done(index, ok));
    }
}
