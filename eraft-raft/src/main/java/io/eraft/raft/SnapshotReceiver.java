package io.eraft.raft;

import io.eraft.api.raft.Membership;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.SnapshotResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * The follower's side of InstallSnapshot: chunks are written to a file in the member's work directory as they come
 * (never held in memory as a whole), in order; a repeated chunk is acknowledged again, a gap asks the leader to
 * start over. The last chunk makes the file durable and hands it to the core to install. Runs on the event loop.
 */
final class SnapshotReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReceiver.class);

    private final Context ctx;
    private final RaftCore core;
    private final Path workDir;
    private Receiving current;
    private boolean installing;

    private static final class Receiving {
        final long index;
        final long term;
        final Path file;
        final FileChannel channel;
        long received;

        Receiving(long index, long term, Path file, FileChannel channel) {
            this.index = index;
            this.term = term;
            this.file = file;
            this.channel = channel;
        }
    }

    SnapshotReceiver(Context ctx, RaftCore core, Path workDir) {
        this.ctx = ctx;
        this.core = core;
        this.workDir = workDir;
    }

    boolean installing() {
        return installing;
    }

    CompletableFuture<RaftResponse> onChunk(SnapshotChunk chunk, long term, long commitIndex) {
        if (installing) {
            return CompletableFuture.completedFuture(RaftResponse.newBuilder().setSnapshot(SnapshotResponse
                    .newBuilder().setTerm(term).setOk(false).setInstalling(true)).build());
        }
        if (chunk.getIndex() <= commitIndex && chunk.getIndex() <= ctx.log.lastIndex()) {
            // Already have everything it covers.
            abort();
            return reply(term, true, chunk.getOffset() + chunk.getData().size());
        }
        if (chunk.getIndex() <= core.applied()) {
            // The state machine has it but the log lost the entries: the log starts again after the snapshot.
            abort();
            installing = true;
            return core.restartLogAfter(chunk.getIndex(), chunk.getSnapshotTerm(), configuration(chunk))
                    .handle((v, e) -> {
                installing = false;
                return RaftResponse.newBuilder().setSnapshot(SnapshotResponse.newBuilder().setTerm(core.term())
                        .setOk(e == null).setNextOffset(chunk.getOffset() + chunk.getData().size())).build();
            });
        }
        try {
            if (current == null || current.index != chunk.getIndex() || current.term != chunk.getSnapshotTerm()) {
                if (chunk.getOffset() != 0) {
                    return reply(term, false, 0);
                }
                abort();
                current = open(chunk.getIndex(), chunk.getSnapshotTerm());
            }
            if (chunk.getOffset() < current.received) {
                return reply(term, true, current.received);
            }
            if (chunk.getOffset() > current.received) {
                return reply(term, false, current.received);
            }
            ByteBuffer data = chunk.getData().asReadOnlyByteBuffer();
            while (data.hasRemaining()) {
                current.channel.write(data, current.received + (chunk.getData().size() - data.remaining()));
            }
            current.received += chunk.getData().size();
            if (!chunk.getDone()) {
                return reply(term, true, current.received);
            }
            current.channel.force(true);
            current.channel.close();
        } catch (IOException e) {
            LOG.warn("{}: cannot write snapshot chunk to {}: {}", ctx.name, workDir, e.toString());
            abort();
            return reply(term, false, 0);
        }
        Receiving r = current;
        current = null;
        installing = true;
        long start = ctx.metrics.now();
        return core.installSnapshot(r.index, r.term, configuration(chunk), r.file).handle((v, e) -> {
            installing = false;
            deleteQuietly(r.file);
            if (e != null) {
                LOG.warn("{}: installing the snapshot through {} failed: {}", ctx.name, r.index, e.toString());
            } else {
                ctx.metrics.snapshotInstalled(start, r.received);
            }
            return RaftResponse.newBuilder().setSnapshot(SnapshotResponse.newBuilder().setTerm(core.term())
                    .setOk(e == null).setNextOffset(r.received)).build();
        });
    }

    /** The configuration the snapshot covers, as its leader sent it; null if it sent none. */
    private static Membership configuration(SnapshotChunk chunk) {
        return chunk.hasConfiguration()
                ? Configurations.fromProto(chunk.getConfigurationIndex(), chunk.getConfiguration()) : null;
    }

    private Receiving open(long index, long term) throws IOException {
        Files.createDirectories(workDir);
        Path file = workDir.resolve("snapshot-" + index + "-" + term + ".part");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new Receiving(index, term, file, ch);
    }

    /** Drops a partly received snapshot. */
    void abort() {
        if (current == null) {
            return;
        }
        try {
            current.channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", current.file, e);
        }
        deleteQuietly(current.file);
        current = null;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", file, e);
        }
    }

    private static CompletableFuture<RaftResponse> reply(long term, boolean ok, long nextOffset) {
        return CompletableFuture.completedFuture(RaftResponse.newBuilder().setSnapshot(SnapshotResponse.newBuilder()
                .setTerm(term).setOk(ok).setNextOffset(nextOffset)).build());
    }
}
