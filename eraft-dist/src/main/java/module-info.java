/**
 * The eraft command. Store providers, codecs and Raft are reached only through io.eraft.api and ServiceLoader, so
 * the image decides which ones exist by the modules it holds.
 */
module io.eraft.dist {
    requires io.eraft.api;
    requires io.eraft.shardkv; // bench-kv drives KvServer and KvClerk
    requires info.picocli;
    requires HdrHistogram;
    requires org.slf4j;
    requires com.fasterxml.jackson.core; // eraft bench --json, the console's /api/cluster
    requires jdk.httpserver; // the web console's routes

    exports io.eraft.dist.store;
    exports io.eraft.dist.bench;

    opens io.eraft.dist.cli to info.picocli;
}
