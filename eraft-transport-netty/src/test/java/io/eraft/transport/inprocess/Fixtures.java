package io.eraft.transport.inprocess;

import io.eraft.transport.testkit.SharedFixtures;

/** Nodes, handlers and waits shared by the in-process tests: all of them are the {@link SharedFixtures}. */
final class Fixtures extends SharedFixtures {
    private Fixtures() {
    }
}
