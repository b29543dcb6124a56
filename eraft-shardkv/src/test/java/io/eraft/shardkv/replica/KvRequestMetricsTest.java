package io.eraft.shardkv.replica;

import com.google.protobuf.ByteString;
import io.eraft.api.command.Append;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The KV request metrics on their own: the status read from a reply's first bytes is the decoded status for every
 * status, each reply is timed under its operation and counted under its error kind (OK is no error), and a reply
 * still pending is recorded when it completes, a failure as kind {@code other}.
 */
class KvRequestMetricsTest {
    private static final String SECONDS = "eraft_kv_request_seconds";
    private static final String ERRORS = "eraft_kv_errors_total";

    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final KvRequestMetrics requests = new KvRequestMetrics(metrics, clock::get);

    @Test
    void theStatusReadFromTheFirstBytesIsTheDecodedStatusForEveryStatus() {
        for (KvStatus status : KvStatus.values()) {
            if (status == KvStatus.UNRECOGNIZED) {
                continue;
            }
            byte[] reply = KvResponse.newBuilder().setStatus(status).setFound(true).setValue(ByteString.copyFromUtf8(
                    "value")).setLeaderHint("n2").setError("why").setConfigIndex(7).addMembers("n1").build()
                    .toByteArray();
            assertEquals(status, KvRequestMetrics.statusOf(reply), "status " + status);
        }
        assertNull(KvRequestMetrics.statusOf(new byte[] {(byte) 0xff, 0x01}), "not a KvResponse");
    }

    @Test
    void eachReplyIsTimedUnderItsOperationAndCountedUnderItsErrorKind() {
        long received = requests.now();
        clock.addAndGet(2_500_000);
        requests.recorded(KvRequestMetrics.Op.PUT, received, done(KvStatus.KV_STATUS_OK));
        requests.recorded(KvRequestMetrics.Op.PUT, received, done(KvStatus.KV_STATUS_NOT_LEADER));
        requests.recorded(KvRequestMetrics.Op.GET, received, done(KvStatus.KV_STATUS_WRONG_GROUP));
        requests.recorded(KvRequestMetrics.Op.CAS, received, done(KvStatus.KV_STATUS_NO_SPACE));
        requests.recorded(KvRequestMetrics.Op.UNKNOWN, received, done(KvStatus.KV_STATUS_BAD_REQUEST));

        assertEquals(2, metrics.histogramCount(SECONDS, "op", "put"));
        assertEquals(0.005, metrics.histogramSum(SECONDS, "op", "put"), 1e-12, "2 x 2.5 ms");
        assertEquals(1, metrics.histogramCount(SECONDS, "op", "get"));
        assertEquals(0, metrics.histogramCount(SECONDS, "op", "append"));
        assertEquals(1, metrics.counterValue(ERRORS, "op", "put", "kind", "not_leader"));
        assertEquals(1, metrics.counterValue(ERRORS, "op", "get", "kind", "wrong_group"));
        assertEquals(1, metrics.counterValue(ERRORS, "op", "cas", "kind", "no_space"));
        assertEquals(1, metrics.counterValue(ERRORS, "op", "unknown", "kind", "bad_request"));
        long allPutErrors = 0;
        for (KvRequestMetrics.ErrorKind kind : KvRequestMetrics.ErrorKind.values()) {
            allPutErrors += metrics.counterValue(ERRORS, "op", "put", "kind", kind.label);
        }
        assertEquals(1, allPutErrors, "the OK put is no error");
    }

    @Test
    void aPendingReplyIsRecordedWhenItCompletesAndAFailureCountsAsOther() {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        CompletableFuture<byte[]> write = new CompletableFuture<>();
        requests.recorded(KvRequestMetrics.Op.GET, requests.now(), read);
        requests.recorded(KvRequestMetrics.Op.APPEND, requests.now(), write);
        assertEquals(0, metrics.histogramCount(SECONDS, "op", "get"), "nothing recorded before the reply");

        clock.addAndGet(1_000_000);
        read.complete(reply(KvStatus.KV_STATUS_UNAVAILABLE));
        write.completeExceptionally(new IllegalStateException("store failed"));

        assertEquals(1, metrics.histogramCount(SECONDS, "op", "get"));
        assertEquals(0.001, metrics.histogramSum(SECONDS, "op", "get"), 1e-12);
        assertEquals(1, metrics.counterValue(ERRORS, "op", "get", "kind", "unavailable"));
        assertEquals(1, metrics.histogramCount(SECONDS, "op", "append"));
        assertEquals(1, metrics.counterValue(ERRORS, "op", "append", "kind", "other"));
    }

    @Test
    void everyCommandMapsToItsOperation() {
        byte[] k = {1};
        assertEquals(KvRequestMetrics.Op.PUT, KvRequestMetrics.Op.of(new Put(1, 1, k, k)));
        assertEquals(KvRequestMetrics.Op.APPEND, KvRequestMetrics.Op.of(new Append(1, 1, k, k)));
        assertEquals(KvRequestMetrics.Op.DELETE, KvRequestMetrics.Op.of(new Delete(1, 1, k)));
        assertEquals(KvRequestMetrics.Op.CAS, KvRequestMetrics.Op.of(new CompareAndSet(1, 1, k, null, k)));
        assertEquals(KvRequestMetrics.Op.GET, KvRequestMetrics.Op.of(new Get(0, 0, k)));
        assertEquals(KvRequestMetrics.Op.UNKNOWN, KvRequestMetrics.Op.of(null));
    }

    private static byte[] reply(KvStatus status) {
        return KvResponse.newBuilder().setStatus(status).setError(status == KvStatus.KV_STATUS_OK ? "" : "e").build()
                .toByteArray();
    }

    private static CompletableFuture<byte[]> done(KvStatus status) {
        return CompletableFuture.completedFuture(reply(status));
    }
}
