package io.eraft.shardkv.kv.scenario;

import java.time.Duration;

/**
 * One scenario of the generic KV test (after MIT 6.824's kvraft GenericTest).
 *
 * @param servers           group size
 * @param clients           concurrent clients, each with its own clerk and network node
 * @param unreliable        lose about 10% of messages and delay the rest
 * @param partitions        split the nodes (servers and clients) into two random sides, again and again
 * @param crashesInRound    crash and restart single servers while clients run (never more than a minority down)
 * @param crashBetweenRounds crash every server after each round and restart them all
 * @param snapshotThreshold Raft log bytes above which servers snapshot (0: never); the log must stay under 8 times it
 * @param rounds            rounds of client activity
 * @param roundLength       how long clients run in each round
 * @param linearizable      clients run random operations on shared keys and the history is checked; otherwise each
 *                          client appends to its own key and checks it holds exactly its appends, in order
 * @param leaseRead         the servers confirm reads by the leader's lease (raft.lease-read) instead of a round each
 */
record Plan(int servers, int clients, boolean unreliable, boolean partitions, boolean crashesInRound,
            boolean crashBetweenRounds, long snapshotThreshold, int rounds, Duration roundLength,
            boolean linearizable, boolean leaseRead) {

    static Plan of(int servers, int clients) {
        return new Plan(servers, clients, false, false, false, false, 0, 3, Duration.ofMillis(1000), false, false);
    }

    Plan withUnreliable() {
        return new Plan(servers, clients, true, partitions, crashesInRound, crashBetweenRounds, snapshotThreshold,
                rounds, roundLength, linearizable, leaseRead);
    }

    Plan withPartitions() {
        return new Plan(servers, clients, unreliable, true, crashesInRound, crashBetweenRounds, snapshotThreshold,
                rounds, roundLength, linearizable, leaseRead);
    }

    Plan withCrashesInRound() {
        return new Plan(servers, clients, unreliable, partitions, true, crashBetweenRounds, snapshotThreshold,
                rounds, roundLength, linearizable, leaseRead);
    }

    Plan withCrashBetweenRounds() {
        return new Plan(servers, clients, unreliable, partitions, crashesInRound, true, snapshotThreshold, rounds,
                roundLength, linearizable, leaseRead);
    }

    Plan withSnapshots(long thresholdBytes) {
        return new Plan(servers, clients, unreliable, partitions, crashesInRound, crashBetweenRounds, thresholdBytes,
                rounds, roundLength, linearizable, leaseRead);
    }

    Plan withLinearizable() {
        return new Plan(servers, clients, unreliable, partitions, crashesInRound, crashBetweenRounds,
                snapshotThreshold, rounds, roundLength, true, leaseRead);
    }

    Plan withLeaseRead() {
        return new Plan(servers, clients, unreliable, partitions, crashesInRound, crashBetweenRounds,
                snapshotThreshold, rounds, roundLength, linearizable, true);
    }

    Plan withRounds(int n, Duration length) {
        return new Plan(servers, clients, unreliable, partitions, crashesInRound, crashBetweenRounds,
                snapshotThreshold, n, length, linearizable, leaseRead);
    }
}
