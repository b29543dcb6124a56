package io.eraft.raft;

import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.ProposalRejectedException;
import io.eraft.api.raft.RaftException;
import io.eraft.api.raft.RaftFailedException;
import io.eraft.api.raft.RaftStoppedException;
import io.eraft.api.transport.NodeId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RaftMetricsTest {
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final AtomicLong clock = new AtomicLong(5_000);
    private final RaftMetrics raft = new RaftMetrics(metrics.withLabels("node", "n1"), clock::get);

    @Test
    void everySeriesExistsFromTheStartWithTheCallersLabelsAndOneFailureSeriesPerReason() {
        assertEquals(List.of(
                "eraft_raft_entries_applied_total{node=n1}",
                "eraft_raft_leader_changes_total{node=n1}",
                "eraft_raft_lease_reads_total{node=n1}",
                "eraft_raft_proposals_committed_total{node=n1}",
                "eraft_raft_proposals_failed_total{node=n1,reason=not_leader}",
                "eraft_raft_proposals_failed_total{node=n1,reason=other}",
                "eraft_raft_proposals_failed_total{node=n1,reason=rejected}",
                "eraft_raft_proposals_failed_total{node=n1,reason=stopped}",
                "eraft_raft_proposals_pending{node=n1}",
                "eraft_raft_read_index_failed_total{node=n1}",
                "eraft_raft_read_index_seconds{node=n1}",
                "eraft_raft_read_index_total{node=n1}",
                "eraft_raft_snapshot_bytes{node=n1}",
                "eraft_raft_snapshot_install_seconds{node=n1}",
                "eraft_raft_snapshot_send_seconds{node=n1}",
                "eraft_raft_snapshots_installed_total{node=n1}",
                "eraft_raft_snapshots_sent_total{node=n1}"), metrics.names());
        assertEquals(0, metrics.gaugeValue("eraft_raft_proposals_pending", "node", "n1"));
        assertEquals(0, metrics.gaugeValue("eraft_raft_snapshot_bytes", "node", "n1"), "no snapshot yet");
    }

    @Test
    void eachProposalFailureMapsToOneOfTheFixedReasons() {
        assertEquals(RaftMetrics.FailureReason.NOT_LEADER,
                RaftMetrics.FailureReason.of(new NotLeaderException(NodeId.of("n1"), null)));
        assertEquals(RaftMetrics.FailureReason.REJECTED,
                RaftMetrics.FailureReason.of(new ProposalRejectedException("too many pending")));
        assertEquals(RaftMetrics.FailureReason.STOPPED,
                RaftMetrics.FailureReason.of(new RaftStoppedException("closed")));
        assertEquals(RaftMetrics.FailureReason.STOPPED,
                RaftMetrics.FailureReason.of(new RaftFailedException("fail-stop")));
        assertEquals(RaftMetrics.FailureReason.OTHER,
                RaftMetrics.FailureReason.of(new RaftException("entry replaced by another leader's")));
    }

    @Test
    void pendingCountsAcceptedProposalsUntilEachCommitsOrFails() {
        raft.proposalAccepted();
        raft.proposalAccepted();
        raft.proposalAccepted();
        raft.proposalsRefused(RaftMetrics.FailureReason.NOT_LEADER, 4);
        assertEquals(3, metrics.gaugeValue("eraft_raft_proposals_pending", "node", "n1"),
                "refused proposals were never pending");
        raft.proposalCommitted();
        raft.acceptedProposalFailed(RaftMetrics.FailureReason.NOT_LEADER);
        raft.acceptedProposalFailed(RaftMetrics.FailureReason.STOPPED);

        assertEquals(0, metrics.gaugeValue("eraft_raft_proposals_pending", "node", "n1"));
        assertEquals(1, metrics.counterValue("eraft_raft_proposals_committed_total", "node", "n1"));
        assertEquals(5, metrics.counterValue("eraft_raft_proposals_failed_total", "node", "n1",
                "reason", "not_leader"));
        assertEquals(1, metrics.counterValue("eraft_raft_proposals_failed_total", "node", "n1",
                "reason", "stopped"));
    }

    @Test
    void snapshotTimesComeFromTheMembersClockAndTheSizeIsTheLatestSnapshots() {
        long sendStart = raft.now();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(750));
        raft.snapshotSent(sendStart, 4_096);
        long installStart = raft.now();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
        raft.snapshotInstalled(installStart, 1_024);

        assertEquals(1, metrics.counterValue("eraft_raft_snapshots_sent_total", "node", "n1"));
        assertEquals(0.75, metrics.histogramSum("eraft_raft_snapshot_send_seconds", "node", "n1"), 1e-9);
        assertEquals(1, metrics.counterValue("eraft_raft_snapshots_installed_total", "node", "n1"));
        assertEquals(0.25, metrics.histogramSum("eraft_raft_snapshot_install_seconds", "node", "n1"), 1e-9);
        assertEquals(1_024, metrics.gaugeValue("eraft_raft_snapshot_bytes", "node", "n1"),
                "the size of the latest snapshot, the one installed last");
    }
}
