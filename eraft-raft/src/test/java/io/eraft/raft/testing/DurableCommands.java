package io.eraft.raft.testing;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.transport.NodeId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application whose state is durable on every apply, as a store-backed state machine's is (the applied index is
 * written with the data): it keeps the set of commands applied, as text, and makes it durable before it returns.
 * So after a restart it is ahead of whatever the Raft log lost. A command applied twice is kept once (a retried
 * proposal is harmless); {@link #reapplied()} lists the indexes Raft handed it again after it had applied them.
 */
public final class DurableCommands implements StateMachine {
    private final Path file;
    private final Set<String> commands = new LinkedHashSet<>();
    private final List<Long> reapplied = new ArrayList<>();
    private volatile int installs;
    private volatile boolean holdSnapshots;
    private volatile long snapshotIndex;
    private volatile long applied;

    private DurableCommands(Path dir) {
        this.file = dir.resolve("commands");
        if (Files.exists(file)) {
            try {
                decode(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** The application of the member whose state directory is {@code dir}, resumed from it. */
    public static DurableCommands open(Path dir) {
        return new DurableCommands(dir);
    }

    /** Registers each member's current application in {@code byMember} as the cluster creates it. */
    public static StateMachineFactory factory(Map<NodeId, DurableCommands> byMember) {
        return (member, dir) -> {
            DurableCommands app = open(dir);
            byMember.put(member, app);
            return app;
        };
    }

    /** The commands applied, as text, in the order first applied. */
    public synchronized Set<String> commands() {
        return Set.copyOf(commands);
    }

    /** Indexes Raft gave this incarnation although it had applied them already (must stay empty). */
    public synchronized List<Long> reapplied() {
        return List.copyOf(reapplied);
    }

    /**
     * From now on {@link #takeSnapshot()} reports the index of the last snapshot it reported, as a store that has not
     * flushed yet would: Raft then keeps this member's log entries (it compacts only what a snapshot covers).
     */
    public void holdSnapshots() {
        holdSnapshots = true;
    }

    /** Snapshots installed into this incarnation. */
    public int installs() {
        return installs;
    }

    @Override
    public long lastApplied() {
        return applied;
    }

    @Override
    public synchronized List<byte[]> apply(List<LogEntry> committed) {
        List<byte[]> results = new ArrayList<>(committed.size());
        for (LogEntry e : committed) {
            if (e.index() <= applied) {
                reapplied.add(e.index());
            }
            if (e.type() == EntryType.COMMAND) {
                commands.add(new String(e.data(), StandardCharsets.UTF_8));
                results.add(Commands.of("ok@" + e.index()));
            } else {
                results.add(null);
            }
            applied = Math.max(applied, e.index());
        }
        persist();
        return results;
    }

    @Override
    public long takeSnapshot() {
        if (!holdSnapshots) {
            snapshotIndex = applied; // everything applied is durable already
        }
        return snapshotIndex;
    }

    @Override
    public synchronized SnapshotSource openSnapshot() {
        return SnapshotSource.ofBytes(applied, encode().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void installSnapshot(long index, InputStream data) throws IOException {
        installs++;
        commands.clear();
        decode(new String(data.readAllBytes(), StandardCharsets.UTF_8));
        if (applied != index) {
            throw new IOException("the snapshot for index " + index + " holds index " + applied);
        }
        persist();
    }

    private String encode() {
        return applied + "\n" + String.join("\n", commands);
    }

    private void decode(String text) {
        String[] lines = text.split("\n", -1);
        applied = Long.parseLong(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                commands.add(lines[i]);
            }
        }
    }

    private void persist() {
        try {
            Path tmp = file.resolveSibling("commands.tmp");
            Files.writeString(tmp, encode(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
