package io.eraft.dist.server;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.store.StoreOption;
import io.eraft.api.store.StoreOptionsException;
import io.eraft.shardkv.kv.KvLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code raft.<name>} settings of a server (Raft's timing and limits, {@link RaftConfig}) and its
 * {@code kv.<name>} settings (key and value size limits, {@link KvLimits}), each with a typed default, a range and
 * a unit: sizes take k, m and g suffixes (powers of 1024), durations ms or s. The snapshot threshold stays the
 * top-level {@code snapshot.threshold}.
 */
public final class RaftSettings {
    /** The prefix of the Raft settings. */
    public static final String RAFT_PREFIX = "raft.";
    /** The prefix of the KV limit settings. */
    public static final String KV_PREFIX = "kv.";

    /**
     * The largest {@code kv.max-value-bytes} a server takes: a compare-and-set of two such values must fit
     * {@code raft.max-append-bytes}, which is at most 40 MiB so that an append request fits the transport's
     * 64 MiB frames. Clients refuse larger values before sending; smaller ones over a server's own limit are
     * refused by the server, naming {@code kv.max-value-bytes}.
     */
    public static final int LARGEST_VALUE_BYTES = 16 << 20;
    /** The limits clients check before sending: the longest key any server takes, {@link #LARGEST_VALUE_BYTES}. */
    public static final KvLimits CLIENT_LIMITS = new KvLimits(KvLimits.DEFAULT.maxKeyBytes(), LARGEST_VALUE_BYTES);

    private static final RaftConfig D = RaftConfig.defaults();
    private static final StoreOption<Duration> TICK = duration("raft.tick", D.tick(),
            "length of one Raft tick; elections and heartbeats are counted in ticks");
    private static final StoreOption<Integer> ELECTION = StoreOption.integer("raft.election-ticks",
            D.electionTicks(), 2, 100_000, "minimum election timeout in ticks (each member draws from [n, 2n))");
    private static final StoreOption<Integer> HEARTBEAT = StoreOption.integer("raft.heartbeat-ticks",
            D.heartbeatTicks(), 1, 100_000, "ticks between a leader's heartbeats (below raft.election-ticks)");
    private static final StoreOption<Boolean> PRE_VOTE = StoreOption.bool("raft.pre-vote", D.preVote(),
            "run a pre-vote before a real election, so a rejoining member does not disrupt the group");
    private static final StoreOption<Boolean> CHECK_QUORUM = StoreOption.bool("raft.check-quorum",
            D.checkQuorum(), "a leader that has not heard from a majority for an election timeout steps down");
    private static final StoreOption<Integer> INFLIGHT = StoreOption.integer("raft.max-inflight-appends",
            D.maxInflightAppends(), 1, 1 << 16, "append requests in flight to one follower (pipelining)");
    private static final StoreOption<Long> INFLIGHT_BYTES = StoreOption.size("raft.max-inflight-bytes",
            D.maxInflightBytes(), 1, 1L << 34, "entry bytes in flight to one follower");
    private static final StoreOption<Long> APPEND_BYTES = StoreOption.size("raft.max-append-bytes",
            D.maxAppendBytes(), 1024, 40L << 20, "entry bytes in one append request, and the largest entry "
                    + "(every write is one entry: it must hold the largest command kv.max-* allow)");
    private static final StoreOption<Long> CACHE_BYTES = StoreOption.size("raft.max-entry-cache-bytes",
            D.maxEntryCacheBytes(), 1, 1L << 40, "bytes of recent entries kept in memory for replication");
    private static final StoreOption<Integer> PENDING = StoreOption.integer("raft.max-pending-proposals",
            D.maxPendingProposals(), 1, 1 << 24, "proposals waiting for commit before new ones are refused");
    private static final StoreOption<Long> CHUNK_BYTES = StoreOption.size("raft.snapshot-chunk-bytes",
            D.snapshotChunkBytes(), 1024, 1L << 30, "bytes per snapshot chunk sent to a follower");
    private static final StoreOption<Duration> REQUEST_TIMEOUT = duration("raft.request-timeout",
            D.requestTimeout(), "transport timeout of one Raft request");
    private static final StoreOption<Long> PROMOTION_LAG = StoreOption.size("raft.max-promotion-lag",
            D.maxPromotionLag(), 0, Long.MAX_VALUE / 2, "entries a learner may lag behind the leader and still be "
                    + "promoted to voter");
    private static final StoreOption<Boolean> LEASE_READ = StoreOption.bool("raft.lease-read", D.leaseRead(),
            "confirm linearizable reads by the leader's lease instead of a heartbeat round each (needs "
                    + "raft.check-quorum; unsafe if a member's clock runs slow by more than raft.lease-max-drift-percent "
                    + "or a member can pause longer than the lease's margin)");
    private static final StoreOption<Integer> LEASE_DRIFT = StoreOption.integer("raft.lease-max-drift-percent",
            (int) Math.round(D.leaseMaxDrift() * 100), 0, 50, "clock drift the lease allows for: it is this many "
                    + "percent shorter than the (raft.election-ticks - 1) ticks a follower refuses other candidates");
    private static final List<StoreOption<?>> RAFT = List.of(TICK, ELECTION, HEARTBEAT, PRE_VOTE, CHECK_QUORUM,
            INFLIGHT, INFLIGHT_BYTES, APPEND_BYTES, CACHE_BYTES, PENDING, CHUNK_BYTES, REQUEST_TIMEOUT, PROMOTION_LAG,
            LEASE_READ, LEASE_DRIFT);

    private static final StoreOption<Long> MAX_KEY = StoreOption.size(KvLimits.MAX_KEY_SETTING,
            KvLimits.DEFAULT.maxKeyBytes(), 1, KvLimits.DEFAULT.maxKeyBytes(),
            "longest key (the stores hold keys of at most 500 bytes)");
    private static final StoreOption<Long> MAX_VALUE = StoreOption.size(KvLimits.MAX_VALUE_SETTING,
            KvLimits.DEFAULT.maxValueBytes(), 0, LARGEST_VALUE_BYTES,
            "longest value, append suffix, appended value and compare-and-set operand");
    private static final List<StoreOption<?>> KV = List.of(MAX_KEY, MAX_VALUE);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s)");

    private RaftSettings() {
    }

    /** Every key this class reads, {@code raft.*} first. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        RAFT.forEach(o -> keys.add(o.name()));
        KV.forEach(o -> keys.add(o.name()));
        return keys;
    }

    /** Whether {@code key} is in a namespace of this class ({@code raft.} or {@code kv.}). */
    static boolean owns(String key) {
        return key.startsWith(RAFT_PREFIX) || key.startsWith(KV_PREFIX);
    }

    /**
     * The Raft configuration the {@code raft.*} keys of {@code settings} give (defaults for those absent).
     *
     * @throws ConfigException naming the key, the value and the accepted range, for an unknown {@code raft.*} key,
     *                         a malformed or out-of-range value, or values that clash (heartbeats not more often
     *                         than elections)
     */
    public static RaftConfig raft(Map<String, String> settings) {
        checkKnown(settings, RAFT_PREFIX, RAFT);
        try {
            return new RaftConfig(get(TICK, settings), get(ELECTION, settings), get(HEARTBEAT, settings),
                    get(PRE_VOTE, settings), get(CHECK_QUORUM, settings), get(INFLIGHT, settings),
                    get(INFLIGHT_BYTES, settings), get(APPEND_BYTES, settings), get(CACHE_BYTES, settings),
                    get(PENDING, settings), Math.toIntExact(get(CHUNK_BYTES, settings)), D.snapshotThresholdBytes(),
                    get(REQUEST_TIMEOUT, settings), get(PROMOTION_LAG, settings), get(LEASE_READ, settings),
                    get(LEASE_DRIFT, settings) / 100.0);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad raft settings: " + e.getMessage() + " (raft.election-ticks must be "
                    + "greater than raft.heartbeat-ticks; raft.lease-read needs raft.check-quorum)", e);
        }
    }

    /**
     * The key and value limits the {@code kv.*} keys of {@code settings} give.
     *
     * @throws ConfigException for an unknown {@code kv.*} key or a malformed or out-of-range value
     */
    public static KvLimits limits(Map<String, String> settings) {
        checkKnown(settings, KV_PREFIX, KV);
        return new KvLimits(Math.toIntExact(get(MAX_KEY, settings)), Math.toIntExact(get(MAX_VALUE, settings)));
    }

    /** One line a setting: key, default and description, for help texts. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (StoreOption<?> o : concat()) {
            Object d = o.defaultValue();
            lines.add(o.name() + " (default " + (d instanceof Duration t ? t.toMillis() + "ms" : d) + "): "
                    + o.description());
        }
        return lines;
    }

    private static List<StoreOption<?>> concat() {
        List<StoreOption<?>> all = new ArrayList<>(RAFT);
        all.addAll(KV);
        return all;
    }

    private static void checkKnown(Map<String, String> settings, String prefix, List<StoreOption<?>> known) {
        TreeSet<String> unknown = new TreeSet<>();
        for (String key : settings.keySet()) {
            if (key.startsWith(prefix) && known.stream().noneMatch(o -> o.name().equals(key))) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> names = known.stream().map(StoreOption::name).toList();
            throw new ConfigException("unknown setting(s) " + unknown + "; the " + prefix + "* settings are: "
                    + String.join(", ", names));
        }
    }

    private static <T> T get(StoreOption<T> option, Map<String, String> settings) {
        String text = settings.get(option.name());
        if (text == null) {
            return option.defaultValue();
        }
        try {
            return option.parse("server", text);
        } catch (StoreOptionsException e) {
            throw new ConfigException("bad value '" + text.strip() + "' for " + option.name() + ": "
                    + option.description(), e);
        }
    }

    private static StoreOption<Duration> duration(String name, Duration defaultValue, String description) {
        return new StoreOption<>(name, Duration.class, defaultValue,
                description + " [1ms..1000000s, e.g. 10ms or 2s]", RaftSettings::parseDuration,
                d -> !d.isNegative() && !d.isZero() && d.compareTo(Duration.ofSeconds(1_000_000)) <= 0);
    }

    private static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }
}
