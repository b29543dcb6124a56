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

    private void stream(SnapshotSource source, long snapshotTerm, Membership configuration) {
        Configuration config = Configurations.toProto(configuration);
        long index = source.index();
        boolean ok = false;
        try (source; InputStream in = source.data()) {
            int chunkBytes = ctx.config.snapshotChunkBytes();
            byte[] current = in.readNBytes(chunkBytes);
            long offset = 0;
            while (!cancelled) {
                byte[] next = current.length == chunkBytes ? in.readNBytes(chunkBytes) : new byte[0];
                boolean last = next.length == 0;
                SnapshotChunk chunk = SnapshotChunk.newBuilder().setTerm(term).setLeader(ctx.self.value())
                        .setIndex(index).setSnapshotTerm(snapshotTerm).setOffset(offset)
                        .setData(UnsafeByteOperations.unsafeWrap(current)).setDone(last)
                        .setConfiguration(config).setConfigurationIndex(configuration.index()).build();
                if (!sendChunk(chunk)) {
                    break;
                }
                offset += current.length;
                if (last) {
                    ok = true;
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

    private boolean sendChunk(SnapshotChunk chunk) throws InterruptedException {
        byte[] payload = ctx.request().setSnapshot(chunk).build().toByteArray();
        long timeoutMillis = ctx.config.requestTimeout().toMillis();
        for (int attempt = 1; attempt <= ATTEMPTS_PER_CHUNK && !cancelled; attempt++) {
            try {
                byte[] reply = ctx.transport.request(peer, ctx.channel, payload, ctx.config.requestTimeout())
                        .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
                RaftResponse resp = ctx.parseAdmitted(peer, reply);
                SnapshotResponse r = resp.getSnapshot();
                if (r.getTerm() > term) {
                    ctx.loop.execute(() -> core.becomeFollower(r.getTerm(), null));
                    return false;
                }
                return r.getOk();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Thread.sleep(10L * attempt);
            }
        }
        return false;
    }

    private void finish(long index, boolean ok) {
        ctx.loop.execute(() -> done.done(index, ok));
    }
}
