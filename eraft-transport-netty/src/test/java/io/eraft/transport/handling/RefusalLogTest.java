package io.eraft.transport.handling;

import io.eraft.api.spi.support.LogLimiter;
import io.eraft.api.transport.NodeId;
import io.eraft.transport.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refusals are logged rate-limited per kind (here 10 lines per 10 s of a test clock), and what the limit leaves out
 * is counted and reported, so that a flood writes a bounded log that still says how big it was.
 */
class RefusalLogTest {
    private static final Logger LOG = LoggerFactory.getLogger("refusal-log-test");
    private static final NodeId NODE = NodeId.of("b");

    private final AtomicLong clock = new AtomicLong();
    private final Refusals refusals = new Refusals(NODE, LOG,
            () -> new LogLimiter(10, TimeUnit.SECONDS.toNanos(10), clock::get));

    @Test
    void aFloodWithinOneWindowWritesTheBurstAndTheNextLineCountsWhatWasLeftOut() {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 1000; i++) {
                refusals.refuse(Refusals.Kind.CONNECTION, "the connection from 10.0.0.9:" + (40000 + i),
                        "frame length 1195725856 exceeds max-frame-bytes 65536");
            }
            clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
            refusals.refuse(Refusals.Kind.CONNECTION, "the connection from 10.0.0.9:50000", "empty frame");

            List<String> lines = log.linesWith("refusal-log-test");
            assertEquals(11, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).contains("node b refused the connection from 10.0.0.9:40000: frame length"),
                    lines.get(0));
            assertTrue(lines.get(10).contains("node b refused the connection from 10.0.0.9:50000: empty frame (990"
                    + " more refused connections not logged before this)"), lines.get(10));
            assertEquals(1001, refusals.count(Refusals.Kind.CONNECTION));
        }
    }

    @Test
    void aSummaryReportsWhatWasLeftOutAndTheLastOfItOncePerKind() {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 25; i++) {
                refusals.refuse(Refusals.Kind.HELLO, "the hello of node n" + i + " (cluster 0000000000000b0b, role"
                        + " PEER) from 10.0.0.9:4000" + i, "wrong cluster");
            }

            refusals.summarize();
            refusals.summarize();

            List<String> summaries = log.linesWith("not logged (rate limit)");
            assertEquals(1, summaries.size(), "a summary with nothing left out was logged");
            assertTrue(summaries.get(0).contains("node b: 15 more refused hellos were not logged (rate limit); the"
                    + " last: the hello of node n24 (cluster 0000000000000b0b, role PEER) from 10.0.0.9:400024:"
                    + " wrong cluster"), summaries.get(0));
            assertEquals(11, log.linesWith("refusal-log-test").size());
        }
    }

    @Test
    void eachKindHasItsOwnLimitSoAFloodOfOneHidesNoOtherKind() {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 100; i++) {
                refusals.refuse(Refusals.Kind.CONNECTION, "the connection from 10.0.0.9:" + i, "empty frame");
            }
            refusals.refuse(Refusals.Kind.HELLO, "the hello of node n9 from 10.0.0.7:1", "n9 is not a member");
            refusals.refuse(Refusals.Kind.REQUEST, "a request on channel 'raft' from node clerk (CLIENT)",
                    "takes PEER requests only");
            refusals.refusedBy("node c at 10.0.0.3:7001", "wrong cluster");

            assertEquals(1, log.linesWith("n9 is not a member").size());
            assertEquals(1, log.linesWith("takes PEER requests only").size());
            assertEquals(1, log.linesWith("node c at 10.0.0.3:7001 refused the hello of node b: wrong cluster")
                    .size());
            assertEquals(10, log.linesWith("empty frame").size());
        }
    }
}
