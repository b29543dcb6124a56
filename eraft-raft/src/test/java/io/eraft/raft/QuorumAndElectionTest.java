package io.eraft.raft;

import io.eraft.api.transport.NodeId;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuorumAndElectionTest {

    @Test
    void majorityOfOneThreeFourFiveSeven() {
        assertEquals(1, Quorum.majority(1));
        assertEquals(2, Quorum.majority(3));
        assertEquals(3, Quorum.majority(4));
        assertEquals(3, Quorum.majority(5));
        assertEquals(4, Quorum.majority(7));
    }

    @Test
    void committedIndexIsWhatAMajorityHasReached() {
        assertEquals(5, Quorum.committed(new long[] {5}));
        assertEquals(7, Quorum.committed(new long[] {9, 7, 3}));
        assertEquals(4, Quorum.committed(new long[] {1, 9, 4, 4, 2}));
        assertEquals(2, Quorum.committed(new long[] {1, 9, 4, 2}));
    }

    @Test
    void committedIndexMatchesABruteForceCountOnRandomInput() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(9);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(20);
            }
            long expected = 0;
            for (long candidate = 0; candidate < 20; candidate++) {
                int atLeast = 0;
                for (long v : values) {
                    if (v >= candidate) {
                        atLeast++;
                    }
                }
                if (atLeast >= Quorum.majority(n)) {
                    expected = candidate;
                }
            }
            assertEquals(expected, Quorum.committed(values), java.util.Arrays.toString(values));
        }
    }

    @Test
    void electionIsWonByAMajorityAndLostWhenAMajorityCanNoLongerBeReached() {
        Election e = new Election(false, 3, voters("a", "b", "c", "d", "e"));
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("a"), true));
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("b"), false));
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("c"), true));
        assertEquals(Election.Outcome.WON, e.record(NodeId.of("d"), true));

        Election lost = new Election(true, 3, voters("a", "b", "c", "d", "e"));
        lost.record(NodeId.of("a"), true);
        lost.record(NodeId.of("b"), false);
        assertEquals(Election.Outcome.PENDING, lost.record(NodeId.of("c"), false));
        assertEquals(Election.Outcome.LOST, lost.record(NodeId.of("d"), false));
    }

    @Test
    void aRepeatedVoteFromTheSameMemberCountsOnce() {
        Election e = new Election(false, 1, voters("a", "b", "c"));
        e.record(NodeId.of("a"), true);
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("b"), false));
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("b"), true));
    }

    @Test
    void votesOfMembersOutsideTheCandidatesVotersDoNotCount() {
        Election e = new Election(false, 2, voters("a", "b", "c"));
        e.record(NodeId.of("a"), true);
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("learner"), true),
                "a learner's vote counted towards the majority");
        assertEquals(Election.Outcome.PENDING, e.record(NodeId.of("removed"), false));
        assertEquals(Election.Outcome.WON, e.record(NodeId.of("b"), true));
    }

    private static java.util.Set<NodeId> voters(String... names) {
        return java.util.Arrays.stream(names).map(NodeId::of).collect(java.util.stream.Collectors.toSet());
    }
}
