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
    requires com.fasterxml.jackson.core; // eraft bench --json, the HTTP endpoints' and the console's JSON
    requires jdk.httpserver; // the HTTP endpoints (/metrics, /health, /ready, /status) and the web console
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.instrumentation.jvm;
    requires io.prometheus.writer.text;

    // No exports: io.eraft.dist is the eraft command, not a library. Its store and bench tools were exported once,
    // but nothing outside the module uses them; its tests run inside it (surefire patches them in and opens their
    // packages), and applications embed io.eraft.shardkv.client instead.

    opens io.eraft.dist.cli to info.picocli;
}
