/** Raft consensus. Reaches logs, transports and state machines only through io.eraft.api. */
module io.eraft.raft {
    requires io.eraft.api;
    requires com.google.protobuf;
    requires org.slf4j;

    exports io.eraft.raft;
    opens io.eraft.raft.proto to com.google.protobuf;

    provides io.eraft.api.raft.RaftProvider with io.eraft.raft.EraftRaftProvider;
}
