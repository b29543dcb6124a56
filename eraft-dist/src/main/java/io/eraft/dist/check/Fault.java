package io.eraft.dist.check;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The faults a check injects into a group it started ({@code --local}).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public enum Fault {
    /** kill -9 a server, restart it a moment later. */
    KILL,
    /** SIGSTOP a server, SIGCONT it a moment later. */
    PAUSE,
    /** Cut every link between a server and the others, heal it a moment later. */
    PARTITION,
    /** kill -9 a server, tear the tail of its log (bytes of an unsynced write), restart it. */
    DAMAGE_TAIL,
    /** Run a node of another cluster with the same ids whose peers are this group's servers. */
    FOREIGN,
    /**
     * Send each server crafted Raft messages (a heartbeat with term 2^63-1, a transfer vote, an overwriting append, a
     * tiny snapshot) from a client connection naming another member: every one must be refused.
     */
    FORGED;

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a comma-separated list ({@code all}, {@code none}, or labels such as {@code kill,partition}). */
    public static Set<Fault> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return EnumSet.allOf(Fault.class);
        }
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        if (t.equals("none") || t.isEmpty()) {
            return out;
        }
        for (String part : t.split(",")) {
            Fault match = null;
            for (Fault f : values()) {
                if (f.label().equals(part.strip())) {
                    match = f;
                }
            }
            if (match == null) {
                List<String> labels = new ArrayList<>();
                for (Fault f : values()) {
                    labels.add(f.label());
                }
                throw new IllegalArgumentException("unknown fault '" + part.strip() + "' (--faults): choose from "
                        + String.join(", ", labels) + ", all or none");
            }
            out.add(match);
        }
        return out;
    }
}
