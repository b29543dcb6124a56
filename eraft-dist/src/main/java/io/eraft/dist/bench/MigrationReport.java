package io.eraft.dist.bench;

import io.eraft.dist.demo.PhaseSummary;

import java.util.List;
import java.util.Objects;

/**
 * A group joining a loaded cluster: how long its shards took to move, and what the load saw meanwhile.
 *
 * @param group            the group that joined
 * @param configNum        the configuration the Join made
 * @param movedShards      the shards it gave the new group
 * @param settled          whether every group settled on that configuration within the time allowed
 * @param durationSeconds  from the Join request to every group's leader serving all its shards (SERVING); how
 *                         long was waited when it did not settle
 * @param errors           operations that failed during the migration
 * @param preMedian        the median ops/s of the windows before the Join (the 2-group phase)
 * @param lowest           the lowest window that overlapped the migration
 * @param windows          the windows from shortly before the Join to the end of the run
 * @param during           the load during the migration
 * @param after            the load after it settled, split by the new owners
 */
public record MigrationReport(String group, long configNum, List<Integer> movedShards, boolean settled,
                             double durationSeconds, long errors, double preMedian, Tick lowest, List<Tick> windows,
                             PhaseSummary during, PhaseSummary after) {
    /**
     * One window of the run.
     *
     * @param atSeconds    its start, in seconds after the Join request (negative before it)
     * @param seconds      its length
     * @param opsPerSecond its throughput
     * @param errors       its failed operations
     * @param migrating    whether it overlapped the migration
     */
    public record Tick(double atSeconds, double seconds, double opsPerSecond, long errors, boolean migrating) {
    }

    public MigrationReport {
        Objects.requireNonNull(group, "group");
        movedShards = List.copyOf(movedShards);
        windows = List.copyOf(windows);
    }

    /** The lowest window as a share of the pre-migration median (1 = no dip); 0 when there was no baseline. */
    public double lowestShare() {
        return lowest == null || preMedian <= 0 ? 0 : lowest.opsPerSecond() / preMedian;
    }
}
