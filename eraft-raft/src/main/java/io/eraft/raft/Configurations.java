package io.eraft.raft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.RaftException;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.Configuration;
import io.eraft.raft.proto.StoredConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A member's configurations: the one its log's snapshot covers (or the initial one) followed by those of the
 * configuration entries in its log, oldest first. The latest is in effect (a configuration takes effect when its
 * entry is appended); truncating an entry undoes its configuration. A configuration entry is a
 * {@link EntryType#NOOP} entry whose data is a {@link Configuration} message.
 *
 * <p>The configuration a snapshot covers is written to {@value #FILE} in the work directory before the log drops the
 * entries that held it (compaction, snapshot install), atomically (a temporary file, fsynced, renamed). On start it
 * is read back and the log after it is scanned for configuration entries.
 *
 * <p>Only the event loop changes it; {@link #current()} and {@link #at(long)} may be read from any thread.
 */
final class Configurations {
    static final String FILE = "raft-configuration";

    private final String name;
    private final Path workDir;
    /** Oldest first, never empty; replaced as a whole, so readers on other threads see a consistent list. */
    private volatile List<Membership> history;

    Configurations(String name, Path workDir, Membership initial) {
        this.name = name;
        this.workDir = workDir;
        this.history = List.of(initial);
    }

    /** The configuration before anything is read from the log: the spec's members ({@code joining}: outside them). */
    static Membership initial(RaftNodeSpec spec) {
        if (spec.joining()) {
            Set<NodeId> others = new TreeSet<>(spec.members());
            others.remove(spec.self());
            return new Membership(0, others, Set.of());
        }
        return new Membership(0, Set.copyOf(spec.members()), Set.of());
    }

    /**
     * Recovers the configurations from the work directory's file (if any) and the configuration entries of the log
     * after what the file covers.
     */
    void recover(LogStore log, long maxBatchBytes) {
        StoredConfiguration stored = read();
        long covered = 0;
        List<Membership> list = new ArrayList<>();
        if (stored != null) {
            covered = stored.getCoveredIndex();
            list.add(fromProto(stored.getIndex(), stored.getConfiguration()));
        } else {
            list.add(history.get(0));
        }
        long from = Math.max(log.firstIndex(), covered + 1);
        long last = log.lastIndex();
        while (from <= last) {
            List<LogEntry> batch = log.entries(from, last + 1, maxBatchBytes);
            for (LogEntry e : batch) {
                if (isConfiguration(e)) {
                    list.add(decode(e));
                }
            }
            from = batch.get(batch.size() - 1).index() + 1;
        }
        history = List.copyOf(list);
    }

    /** The configuration in effect: the latest appended. Safe from any thread. */
    Membership current() {
        List<Membership> h = history;
        return h.get(h.size() - 1);
    }

    /** The configuration in effect at log index {@code index} (the oldest known if before it). Any thread. */
    Membership at(long index) {
        List<Membership> h = history;
        for (int i = h.size() - 1; i > 0; i--) {
            if (h.get(i).index() <= index) {
                return h.get(i);
            }
        }
        return h.get(0);
    }

    /**
     * {@code entries} were appended (replacing the log from their first index on): configurations of entries at or
     * after that index are undone, those the entries hold take effect. Returns whether the current one changed.
     */
    boolean appended(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return false;
        }
        Membership before = current();
        List<Membership> list = new ArrayList<>(history);
        long first = entries.get(0).index();
        while (list.size() > 1 && list.get(list.size() - 1).index() >= first) {
            list.remove(list.size() - 1);
        }
        for (LogEntry e : entries) {
            if (isConfiguration(e)) {
                list.add(decode(e));
            }
        }
        history = List.copyOf(list);
        return !current().equals(before);
    }

    /**
     * The log is about to drop its entries up to {@code index} (compaction): saves the configuration in effect there
     * first, durably, and forgets older ones.
     */
    void compacting(long index) {
        Membership covered = at(index);
        write(index, covered);
        List<Membership> list = new ArrayList<>();
        list.add(covered);
        for (Membership m : history) {
            if (m.index() > covered.index()) {
                list.add(m);
            }
        }
        history = List.copyOf(list);
    }

    /**
     * The log is about to be replaced by an empty one after a snapshot through {@code index} whose configuration is
     * {@code snapshotConfiguration}: saves it durably and makes it the only one. Returns whether the current one
     * changed.
     */
    boolean resetting(long index, Membership snapshotConfiguration) {
        Membership before = current();
        write(index, snapshotConfiguration);
        history = List.of(snapshotConfiguration);
        return !current().equals(before);
    }

    // ---------------------------------------------------------------- encoding

    static boolean isConfiguration(LogEntry e) {
        return e.type() == EntryType.NOOP && e.data().length > 0;
    }

    /** The data of a configuration entry. */
    static byte[] encode(Membership m) {
        return toProto(m).toByteArray();
    }

    static Membership decode(LogEntry e) {
        try {
            return fromProto(e.index(), Configuration.parseFrom(e.data()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException ex) {
            throw new IllegalStateException("log entry " + e.index() + "@" + e.term() + " is a no-op with "
                    + e.data().length + " bytes of data that are not a configuration: " + ex.getMessage(), ex);
        }
    }

    /** Why {@code c} is no valid configuration (a bad node id, a member twice, no voter), or null. */
    static String invalid(Configuration c) {
        try {
            Membership m = fromProto(0, c);
            if (m.voters().isEmpty()) {
                return "a configuration without voters";
            }
            if (m.voters().size() + m.learners().size() != c.getVotersCount() + c.getLearnersCount()) {
                return "a configuration that names a member twice";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "a malformed configuration: " + e.getMessage();
        }
    }

    /** Why {@code data}, the data of a no-op entry, is no valid configuration, or null. */
    static String invalid(ByteString data) {
        try {
            return invalid(Configuration.parseFrom(data));
        } catch (InvalidProtocolBufferException e) {
            return "a no-op entry whose data is not a configuration";
        }
    }

    static Configuration toProto(Membership m) {
        return Configuration.newBuilder()
                .addAllVoters(m.voters().stream().map(NodeId::value).toList())
                .addAllLearners(m.learners().stream().map(NodeId::value).toList())
                .putAllAddresses(m.addresses().entrySet().stream()
                        .collect(Collectors.toMap(a -> a.getKey().value(), Map.Entry::getValue))).build();
    }

    static Membership fromProto(long index, Configuration c) {
        return new Membership(index, c.getVotersList().stream().map(NodeId::of).collect(Collectors.toSet()),
                c.getLearnersList().stream().map(NodeId::of).collect(Collectors.toSet()),
                c.getAddressesMap().entrySet().stream()
                        .collect(Collectors.toMap(a -> NodeId.of(a.getKey()), Map.Entry::getValue)));
    }

    // ---------------------------------------------------------------- the file

    private StoredConfiguration read() {
        Path file = workDir.resolve(FILE);
        try {
            return StoredConfiguration.parseFrom(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new RaftException(name + ": cannot read the configuration the log's snapshot covers from " + file
                    + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RaftException(name + ": " + file + " does not hold a configuration (" + e.getMessage()
                    + "); it belongs with this member's log: restore it, or wipe the member and add it again", e);
        }
    }

    private void write(long coveredIndex, Membership m) {
        Path file = workDir.resolve(FILE);
        Path tmp = workDir.resolve(FILE + ".tmp");
        byte[] bytes = StoredConfiguration.newBuilder().setCoveredIndex(coveredIndex).setIndex(m.index())
                .setConfiguration(toProto(m)).build().toByteArray();
        try {
            Files.createDirectories(workDir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(workDir, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems cannot sync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot save the configuration the snapshot through "
                    + coveredIndex + " covers to " + file, e);
        }
    }
}
