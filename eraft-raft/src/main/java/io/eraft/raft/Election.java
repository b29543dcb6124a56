package io.eraft.raft;

import io.eraft.api.transport.NodeId;

import java.util.HashMap;
import java.util.Map;

/** The votes of one campaign (pre-vote or real) in one term. */
final class Election {
    enum Outcome { PENDING, WON, LOST }

    private final boolean preVote;
    private final long term;
    private final int voters;
    private final Map<NodeId, Boolean> votes = new HashMap<>();

    Election(boolean preVote, long term, int voters) {
        this.preVote = preVote;
        this.term = term;
        this.voters = voters;
    }

    boolean preVote() {
        return preVote;
    }

    /** The term campaigned in (for a pre-vote: the term the real campaign would use). */
    long term() {
        return term;
    }

    /** Records {@code from}'s answer (the first one counts) and returns where the campaign stands. */
    Outcome record(NodeId from, boolean granted) {
        votes.putIfAbsent(from, granted);
        int yes = 0;
        int no = 0;
        for (boolean v : votes.values()) {
            if (v) {
                yes++;
            } else {
                no++;
            }
        }
        int majority = Quorum.majority(voters);
        if (yes >= majority) {
            return Outcome.WON;
        }
        return no > voters - majority ? Outcome.LOST : Outcome.PENDING;
    }
}
