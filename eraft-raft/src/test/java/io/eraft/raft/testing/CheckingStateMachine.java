package io.eraft.raft.testing;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.transport.NodeId;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state machine of the scenario suites. It keeps no data, only how far it applied and a digest of everything
 * applied, and checks on every call:
 * <ul>
 *   <li>entries come in log order without gaps, starting right after {@link #lastApplied()};</li>
 *   <li>each entry equals what every other node applied at that index ({@link AppliedHistory});</li>
 *   <li>an installed snapshot matches the history the other nodes applied, and never moves backwards;</li>
 *   <li>Raft never calls it from two threads at once.</li>
 * </ul>
 * Violations go to the cluster's {@link Violations}. A command's result is its log index (8 bytes), so the
 * proposer learns where its command landed and the fixture checks each result reached the right proposer.
 *
 * <p>It can also {@link #wrap wrap} an application's state machine: then it passes every call on, returns the
 * application's results, and its snapshots are its own image followed by the application's snapshot.
 *
 * <p>One instance is one incarnation of a node: a crash {@link #retire() retires} it, and the restarted node gets a
 * new instance restored from the node's {@link SnapshotDisk}.
 */
public final class CheckingStateMachine implements StateMachine {
    private final NodeId node;
    private final AppliedHistory history;
    private final Violations violations;
    private final SnapshotDisk disk;
    private final int snapshotPaddingBytes;
    private final StateMachine application;
    private final EntryDigest digester = new EntryDigest();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private final AtomicInteger snapshotsTaken = new AtomicInteger();
    private volatile long lastApplied;
    private byte[] digest;
    private boolean retired;

    private CheckingStateMachine(NodeId node, AppliedHistory history, Violations violations, SnapshotDisk disk,
                                 int snapshotPaddingBytes, StateMachine application) {
        this.node = node;
        this.history = history;
        this.violations = violations;
        this.disk = disk;
        this.snapshotPaddingBytes = snapshotPaddingBytes;
        this.application = application;
        SnapshotImage start = application == null ? disk.load(node) : imageAt(application.lastApplied(), "resumes");
        this.lastApplied = start.index();
        this.digest = start.digest();
    }

    /**
     * A state machine for {@code node} restored from its durable snapshot on {@code disk}.
     *
     * @param snapshotPaddingBytes extra bytes in each snapshot it streams, to make snapshots span several chunks
     */
    public static CheckingStateMachine restore(NodeId node, AppliedHistory history, Violations violations,
                                               SnapshotDisk disk, int snapshotPaddingBytes) {
        return new CheckingStateMachine(node, history, violations, disk, snapshotPaddingBytes, null);
    }

    /**
     * A checking state machine for {@code node} around {@code application}, resuming where the application's
     * durable state ends ({@link StateMachine#lastApplied()}); the history digest there comes from the member's disk
     * or, if the application made more durable than its last snapshot, from the cluster's history.
     */
    public static CheckingStateMachine wrap(NodeId node, AppliedHistory history, Violations violations,
                                            SnapshotDisk disk, int snapshotPaddingBytes, StateMachine application) {
        return new CheckingStateMachine(node, history, violations, disk, snapshotPaddingBytes,
                Objects.requireNonNull(application, "application"));
    }

    /** The checker's image at {@code index}: the current one, the disk's, or the cluster history's digest there. */
    private SnapshotImage imageAt(long index, String what) {
        if (digest != null && index == lastApplied) {
            return new SnapshotImage(lastApplied, digest);
        }
        SnapshotImage saved = disk.load(node);
        if (index == saved.index()) {
            return saved;
        }
        if (index == 0) {
            return SnapshotImage.EMPTY;
        }
        return history.at(index).map(e -> new SnapshotImage(index, e.digest())).orElseGet(() -> {
            violations.report("application state: " + node + "'s state machine " + what + " at index " + index
                    + ", which no member ever applied");
            return new SnapshotImage(index, new byte[EntryDigest.LENGTH]);
        });
    }

    @Override
    public long lastApplied() {
        return lastApplied;
    }

    @Override
    public List<byte[]> apply(List<LogEntry> committed) {
        enter("apply");
        try {
            List<byte[]> results = new ArrayList<>(committed.size());
            synchronized (this) {
                for (LogEntry entry : committed) {
                    if (entry.index() != lastApplied + 1) {
                        violations.report("apply order: " + node + " was given index " + entry.index()
                                + " right after " + lastApplied + " (entries must come in order without gaps)");
                    }
                    digest = digester.next(digest, entry);
                    history.applied(node, entry, digest);
                    lastApplied = entry.index();
                    results.add(entry.type() == EntryType.COMMAND ? Commands.indexResult(entry.index()) : null);
                }
            }
            return application == null ? results : application.apply(committed);
        } finally {
            exit();
        }
    }

    @Override
    public long takeSnapshot() {
        enter("takeSnapshot");
        try {
            synchronized (this) {
                if (retired) {
                    // A crashed incarnation's leftover thread must not overwrite the restarted node's disk.
                    return disk.load(node).index();
                }
                long covered = application == null ? lastApplied : application.takeSnapshot();
                disk.save(node, imageAt(covered, "made a snapshot"));
                snapshotsTaken.incrementAndGet();
                return covered;
            }
        } finally {
            exit();
        }
    }

    @Override
    public SnapshotSource openSnapshot() throws IOException {
        enter("openSnapshot");
        try {
            if (application != null) {
                SnapshotSource app = application.openSnapshot();
                SnapshotImage image;
                synchronized (this) {
                    image = imageAt(app.index(), "opened a snapshot");
                }
                return new ComposedSource(image.encode(snapshotPaddingBytes), app);
            }
            SnapshotImage image;
            synchronized (this) {
                image = new SnapshotImage(lastApplied, digest);
            }
            return new ImageSource(image.index(), image.encode(snapshotPaddingBytes));
        } finally {
            exit();
        }
    }

    @Override
    public void installSnapshot(long index, InputStream data) throws IOException {
        enter("installSnapshot");
        try {
            SnapshotImage image;
            try {
                image = application == null ? SnapshotImage.decode(data) : SnapshotImage.decodeHeader(data);
            } catch (IOException e) {
                violations.report("snapshot transfer: " + node + " received a damaged snapshot for index " + index
                        + ": " + e.getMessage());
                throw e;
            }
            if (image.index() != index) {
                violations.report("snapshot transfer: " + node + " was told the snapshot covers index " + index
                        + " but its content covers " + image.index());
                throw new IOException("snapshot index " + image.index() + " does not match " + index);
            }
            history.installed(node, index, image.digest());
            if (application != null) {
                application.installSnapshot(index, data);
            }
            synchronized (this) {
                if (index < lastApplied) {
                    violations.report("snapshot install: " + node + " installed a snapshot through index " + index
                            + " after applying through " + lastApplied + " (state moved backwards)");
                }
                if (!retired) {
                    disk.save(node, image);
                }
                digest = image.digest();
                lastApplied = index;
            }
        } finally {
            exit();
        }
    }

    /** Marks this incarnation crashed: from now on it never writes the node's disk. */
    public synchronized void retire() {
        retired = true;
    }

    /** How many snapshots Raft asked this incarnation to take. */
    public int snapshotsTaken() {
        return snapshotsTaken.get();
    }

    /** The node this state machine belongs to. */
    public NodeId node() {
        return node;
    }

    private void enter(String method) {
        if (!inCall.compareAndSet(false, true)) {
            violations.report("threading: Raft called " + node + "'s state machine " + method
                    + " while another call was still running");
        }
    }

    private void exit() {
        inCall.set(false);
    }

    /** The checker's image, then the application's snapshot. */
    private record ComposedSource(byte[] header, SnapshotSource app) implements SnapshotSource {
        @Override
        public long index() {
            return app.index();
        }

        @Override
        public InputStream data() {
            return new SequenceInputStream(new ByteArrayInputStream(header), app.data());
        }

        @Override
        public void close() throws IOException {
            app.close();
        }
    }

    /** A snapshot held as bytes: the state is tiny, so the point-in-time view is a copy. */
    private record ImageSource(long index, byte[] bytes) implements SnapshotSource {
        @Override
        public InputStream data() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {
            // nothing to release: the view is a private copy
        }
    }
}
