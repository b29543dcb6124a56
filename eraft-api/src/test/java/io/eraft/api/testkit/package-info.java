/**
 * Test fixtures the eRaft modules share, published in eraft-api's test-jar with the provider test kit: replayable
 * seeds ({@link io.eraft.api.testkit.TestSeed}, {@link io.eraft.api.testkit.SeedExtension}), polling on Awaitility
 * ({@link io.eraft.api.testkit.Poll}) and a process that holds a file lock ({@link io.eraft.api.testkit.LockHolder}).
 * A module using them adds {@code org.awaitility:awaitility} as a test dependency (a test-jar brings none).
 */
package io.eraft.api.testkit;
