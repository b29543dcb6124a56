package io.eraft.shardkv.retry;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.WrongGroupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry engine against a scripted transport: hints, rotation, backoff after a full round, the deadline, FAIL and
 * REROUTE verdicts, and many calls to servers that never answer without a thread each. Replies are text: "ok V",
 * "not-leader [HINT]", "busy", "refused", "wrong-group"; anything else is undecodable.
 */
@Timeout(60)
class GroupCallTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");
    private static final List<NodeId> SERVERS = List.of(A, B, C);
    private static final String CHANNEL = "kv/g";
    private static final byte[] PAYLOAD = "request".getBytes(StandardCharsets.UTF_8);

    private static ClerkOptions options(Duration request, Duration operation, Duration minPause, Duration maxPause) {
        return new ClerkOptions(request, operation, minPause, maxPause, KvLimits.DEFAULT);
    }

    private static final ClerkOptions PATIENT = options(Duration.ofSeconds(1), Duration.ofSeconds(20),
            Duration.ofMillis(5), Duration.ofMillis(20));

    private static Verdict<String> classify(NodeId server, byte[] reply) throws IOException {
        String[] words = new String(reply, StandardCharsets.UTF_8).split(" ", 2);
        String rest = words.length > 1 ? words[1] : "";
        return switch (words[0]) {
            case "ok" -> Verdict.ok(rest);
            case "not-leader" -> Verdict.notLeader(rest, new KvException(server + " does not lead"));
            case "busy" -> Verdict.retryNext(new KvException(server + " is busy"));
            case "refused" -> Verdict.fail(new KvRequestRejectedException(server + " refused the request"));
            case "wrong-group" -> Verdict.reroute(new WrongGroupException(server + " serves another group"));
            default -> throw new IOException("no such reply '" + words[0] + "'");
        };
    }

    private static GroupCall<String> call(Caller caller, String what) {
        return caller.call(what, "no server of group 'g' " + SERVERS, GroupCallTest::classify);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aNotLeaderHintSendsTheNextAttemptToTheHintedServerAndTheLeaderIsRemembered() throws Exception {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text(
                to.equals(A) ? "not-leader c" : to.equals(C) ? "ok done" : "busy"));
        Caller caller = new Caller(t, PATIENT, 1);

        assertEquals("done", call(caller, "get").send(CHANNEL, SERVERS, PAYLOAD).get(30, TimeUnit.SECONDS));
        assertEquals(List.of(A, C), t.targets(), "a's hint leads straight to c, skipping b");
        assertEquals(C, caller.leader(CHANNEL, SERVERS));

        assertEquals("done", call(caller, "get").send(CHANNEL, SERVERS, PAYLOAD).get(30, TimeUnit.SECONDS));
        assertEquals(List.of(A, C, C), t.targets(), "the next call starts at the leader found");
    }

    @Test
    void aNotLeaderReplyWithoutAUsableHintAndAnUndecodableReplyEachMoveToTheNextServer() throws Exception {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text(
                to.equals(A) ? "not-leader x" : to.equals(B) ? "garbled" : "ok from c"));

        assertEquals("from c", call(new Caller(t, PATIENT, 1), "get").send(CHANNEL, SERVERS, PAYLOAD)
                .get(30, TimeUnit.SECONDS));
        assertEquals(List.of(A, B, C), t.targets());
    }

    @Test
    void aFullRoundOfFailedServersPausesWithBackoffThenStartsAnotherRound() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text(
                attempts.incrementAndGet() <= 3 ? "busy" : "ok second round"));
        Duration minBackoff = Duration.ofMillis(200);
        Caller caller = new Caller(t, options(Duration.ofSeconds(1), Duration.ofSeconds(20), minBackoff,
                Duration.ofMillis(400)), 7);

        assertEquals("second round", call(caller, "get").send(CHANNEL, SERVERS, PAYLOAD).get(30, TimeUnit.SECONDS));
        List<FakeTransport.Sent> sent = t.sent();
        assertEquals(List.of(A, B, C, A), t.targets(), "every server once, then the round starts over");
        long pauseMillis = TimeUnit.NANOSECONDS.toMillis(sent.get(3).atNanos() - sent.get(2).atNanos());
        assertTrue(pauseMillis >= minBackoff.toMillis() / 2,
                "the second round waited at least half of minBackoff, waited " + pauseMillis + " ms");
    }

    @Test
    void pastTheDeadlineTheCallFailsWithATimeoutNamingTheOperationAndTheLastError() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text("busy"));
        // A second, so that a loaded machine still makes more than one round of attempts before the deadline.
        Caller caller = new Caller(t, options(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(5),
                Duration.ofMillis(20)), 3);

        Throwable e = failure(call(caller, "put #7").send(CHANNEL, SERVERS, PAYLOAD));
        KvTimeoutException timeout = assertInstanceOf(KvTimeoutException.class, e);
        KvException last = assertInstanceOf(KvException.class, timeout.getCause(), "the last error is the cause");
        assertTrue(last.getMessage().endsWith(" is busy"), last.getMessage());
        assertEquals("no server of group 'g' [a, b, c] completed put #7 within PT1S; last error: " + last,
                timeout.getMessage());
        assertTrue(t.sent().size() > SERVERS.size(), "it kept trying until the deadline: " + t.sent().size());
    }

    @Test
    void eachAttemptsTimeoutIsTheRequestTimeoutCappedByWhatIsLeftOfTheOperation() {
        FakeTransport t = new FakeTransport(FakeTransport::noAnswerTo);
        Caller caller = new Caller(t, options(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofMillis(5),
                Duration.ofMillis(20)), 3);

        Throwable e = failure(call(caller, "get").send(CHANNEL, SERVERS, PAYLOAD));
        assertInstanceOf(RequestTimeoutException.class, assertInstanceOf(KvTimeoutException.class, e).getCause());
        for (FakeTransport.Sent s : t.sent()) {
            assertTrue(s.timeout().compareTo(Duration.ofMillis(200)) <= 0, "attempt timeout " + s.timeout());
        }
    }

    @Test
    void aFailVerdictCompletesTheCallAtOnceWithoutTryingAnotherServer() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text("refused"));

        Throwable e = failure(call(new Caller(t, PATIENT, 1), "put #1").send(CHANNEL, SERVERS, PAYLOAD));
        assertEquals("a refused the request", assertInstanceOf(KvRequestRejectedException.class, e).getMessage());
        assertEquals(List.of(A), t.targets());
    }

    @Test
    void aRerouteVerdictFailsACallThatHasNoRerouter() {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text("wrong-group"));

        Throwable e = failure(call(new Caller(t, PATIENT, 1), "get").send(CHANNEL, SERVERS, PAYLOAD));
        assertEquals("a serves another group", assertInstanceOf(WrongGroupException.class, e).getMessage());
        assertEquals(List.of(A), t.targets());
    }

    @Test
    void aRerouteVerdictAndAFullFailedRoundEachHandTheCallToItsRerouter() throws Exception {
        NodeId d = NodeId.of("d");
        AtomicInteger attemptsAtG = new AtomicInteger();
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text(to.equals(d) ? "ok at h"
                : attemptsAtG.incrementAndGet() == 1 ? "wrong-group" : "busy"));
        Caller caller = new Caller(t, PATIENT, 1);
        List<String> reroutes = new ArrayList<>();
        List<GroupCall<String>> holder = new ArrayList<>();
        GroupCall<String> call = caller.routedCall("get", "no group", () -> " (somewhere)", GroupCallTest::classify,
                () -> {
                    reroutes.add("after " + t.sent().size() + " attempts");
                    if (reroutes.size() == 1) {
                        holder.get(0).send(CHANNEL, SERVERS, PAYLOAD); // same group again: a full round fails
                    } else {
                        holder.get(0).pauseThen(() -> holder.get(0).send("kv/h", List.of(d), PAYLOAD));
                    }
                });
        holder.add(call);

        assertEquals("at h", call.send(CHANNEL, SERVERS, PAYLOAD).get(30, TimeUnit.SECONDS));
        assertEquals(List.of("after 1 attempts", "after 4 attempts"), reroutes,
                "WRONG_GROUP rerouted at once; then a full round of busy servers rerouted");
        assertEquals(List.of(A, A, B, C, d), t.targets());
    }

    @Test
    void aThousandCallsToServersThatNeverAnswerAllTimeOutWithoutAThreadEach() throws Exception {
        FakeTransport t = new FakeTransport(FakeTransport::noAnswerTo);
        // 100 ms attempts in a 1 s operation: room for a retry of every call even on a loaded machine.
        Caller caller = new Caller(t, options(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(20),
                Duration.ofMillis(50)), 5);
        int threadsBefore = Thread.activeCount();

        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(call(caller, "get #" + i).send("kv/g" + i, SERVERS, PAYLOAD));
        }
        int threadsWhileWaiting = Thread.activeCount();
        for (int i = 0; i < calls.size(); i++) {
            KvTimeoutException e = assertInstanceOf(KvTimeoutException.class, failure(calls.get(i)));
            assertTrue(e.getMessage().contains(" completed get #" + i + " within PT1S; last error: "),
                    e.getMessage());
        }
        Set<String> sendingThreads = t.sent().stream().map(s -> s.thread().getName()).collect(Collectors.toSet());
        assertTrue(t.sent().size() >= 2 * calls.size(), "each call retried: " + t.sent().size() + " attempts");
        assertTrue(sendingThreads.size() <= 3, "attempts came from a few shared threads: " + sendingThreads);
        assertTrue(threadsWhileWaiting < threadsBefore + 20,
                threadsWhileWaiting + " threads while 1,000 calls waited, " + threadsBefore + " before");
    }

    @Test
    void backoffDoublesFromMinToMaxWithJitterInTheUpperHalfAndRepeatsForASeed() {
        ClerkOptions o = options(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(10),
                Duration.ofMillis(80));
        Caller one = new Caller(new FakeTransport(FakeTransport::noAnswerTo), o, 42);
        Caller same = new Caller(new FakeTransport(FakeTransport::noAnswerTo), o, 42);
        long[] bases = {10, 20, 40, 80, 80, 80, 80};
        for (int round = 0; round < bases.length; round++) {
            long pause = one.backoffMillis(round);
            assertTrue(pause >= bases[round] / 2 && pause <= bases[round],
                    "round " + round + ": " + pause + " ms is outside [" + bases[round] / 2 + ", " + bases[round]
                            + "]");
            assertEquals(pause, same.backoffMillis(round), "the same seed gives the same pauses");
        }
        assertTrue(one.backoffMillis(Integer.MAX_VALUE) <= 80, "no overflow on a very late round");
    }

    @Test
    void aCallerKeepsOneLeaderGuessPerChannelThatMovesPastAFailedServer() throws Exception {
        FakeTransport t = new FakeTransport((to, payload, timeout) -> FakeTransport.text(to.equals(A) ? "busy"
                : "ok"));
        Caller caller = new Caller(t, PATIENT, 1);

        call(caller, "get").send(CHANNEL, SERVERS, PAYLOAD).get(30, TimeUnit.SECONDS);
        assertEquals(B, caller.leader(CHANNEL, SERVERS), "a failed, b answered");
        assertEquals(A, caller.leader("kv/other", SERVERS), "another group's guess is its first server");
        assertSame(A, caller.leader(CHANNEL, List.of(A, C)), "a guess no longer among the servers is dropped");
    }
}
