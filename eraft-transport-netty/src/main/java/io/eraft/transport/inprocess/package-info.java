/**
 * The {@code inprocess} transport: every node of a cluster in one JVM, talking through an {@link
 * io.eraft.transport.inprocess.InProcessNetwork} that can drop, delay and reorder messages, cut links, partition the
 * nodes and crash them. Embedded clusters, fault-injection suites and benchmarks use it.
 */
package io.eraft.transport.inprocess;
