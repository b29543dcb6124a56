package io.eraft.raft;

import io.eraft.api.transport.NodeId;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The votes of one campaign (pre-vote or real) in one term, counted among the voters of the candidate's configuration
 * when it started: answers of anyone else (a learner, a removed member) do not count.
 */
final class Election {
    enum Outcome { PENDING, WON, LOST }

    private final boolean preVote;
    private final long term;
    private final Set<NodeId> voters;
    private final Map<NodeId, Boolean> votes = new HashMap<>();

    Election(boolean preVote, long term, Set<NodeId> voters) {
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
        if (voters.contains(from)) {
            votes.putIfAbsent(from, granted);
        }
        int yes = 0;
        int no = 0;
        for (boolean v : votes.values()) {
            if (v) {
                yes++;
            } else {
                no++;
            }
        }
        int majority = Quorum.majority(voters.size());
        if (yes >= majority) {
            return Outcome.WON;
        }
        return no > voters.size() - majority ? Outcome.LOST : Outcome.PENDING;
    }
}
