/** The durable Raft log: checksummed segment files with group commit, and an in-memory log for tests. */
module io.eraft.persister {
    requires io.eraft.api;
    requires org.slf4j;

    exports io.eraft.persister;
}
