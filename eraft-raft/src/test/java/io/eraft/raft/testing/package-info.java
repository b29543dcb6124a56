/**
 * Fixtures for Raft fault-injection scenarios, after MIT 6.824's Raft tester: {@link io.eraft.raft.testing.RaftCluster}
 * runs n members on the in-process network with memory or segmented logs, crashes, restarts, cuts and heals them,
 * and checks leaders, terms and agreement; {@link io.eraft.raft.testing.CheckingStateMachine} checks State Machine
 * Safety on every apply. Every run has a {@link io.eraft.api.testkit.TestSeed}; a failure names it, and
 * {@code ./mvnw -pl eraft-raft test -Dtest=<Test>#<method> -Deraft.test.seed=<seed>} replays its random choices.
 */
package io.eraft.raft.testing;
