/**
 * Raft fault-injection scenarios: election, agreement, persistence (Figure 8, churn), snapshots, ReadIndex, leader
 * transfer and the durable segmented log. Each scenario checks safety throughout (see {@code io.eraft.raft.testing})
 * and asserts what its name promises.
 */
package io.eraft.raft.scenario;
