package io.eraft.raft;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogStore;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * The wiring of one member, shared by its parts: who it is, its log, transport, threads, random source and
 * {@link RaftMetrics}, and its {@link Configurations} (who its peers are, which changes with the configuration).
 * Nothing else in here changes after construction.
 */
final class Context {
    final String name;
    final NodeId self;
    /** The member's configurations: the latest says who votes and who the peers are. */
    final Configurations configs;
    final RaftConfig config;
    final LogStore log;
    final StateMachine stateMachine;
    final Transport transport;
    final String channel;
    final EventLoop loop;
    final ExecutorService snapshotIo;
    final SplittableRandom random;
    final RaftNodeSpec spec;
    final ClusterId clusterId;
    /** Checks every message that comes in, requests and replies. */
    final Admission admission;
    /** Timeout of replication and vote RPCs: a lost one is noticed within an election timeout. */
    final Duration rpcTimeout;
    /** Where the member records its Raft metrics. */
    final RaftMetrics metrics;

    Context(RaftNodeSpec spec, EventLoop loop, ExecutorService snapshotIo) {
        this.spec = spec;
        this.name = spec.groupId() + "/" + spec.self();
        this.self = spec.self();
        this.configs = new Configurations(name, spec.workDir(), Configurations.initial(spec));
        this.config = spec.config();
        this.log = spec.log();
        this.stateMachine = spec.stateMachine();
        this.transport = spec.transport();
        this.channel = "raft/" + spec.groupId();
        this.loop = loop;
        this.snapshotIo = snapshotIo;
        this.random = new SplittableRandom(spec.randomSeed());
        this.clusterId = spec.clusterId();
        this.admission = new Admission(name, clusterId, self, configs::current, spec.nanoClock());
        Duration election = config.tick().multipliedBy(config.electionTicks());
        this.rpcTimeout = election.compareTo(config.requestTimeout()) < 0 ? election : config.requestTimeout();
        this.metrics = new RaftMetrics(spec.metrics(), spec.nanoClock());
    }

    /** The other members of the current configuration, voters and learners. */
    List<NodeId> peers() {
        return configs.current().members().stream().filter(m -> !m.equals(self)).toList();
    }

    /** The other voters of the current configuration. */
    List<NodeId> otherVoters() {
        return configs.current().voters().stream().filter(m -> !m.equals(self)).toList();
    }

    /** A request envelope that carries this member's cluster id; every request sent is built from one. */
    RaftRequest.Builder request() {
        return RaftRequest.newBuilder().setClusterId(clusterId.value());
    }

    /** {@code response} as sent: stamped with this member's cluster id. */
    RaftResponse stamp(RaftResponse response) {
        return response.toBuilder().setClusterId(clusterId.value()).build();
    }

    /**
     * Sends {@code request} to {@code to}; {@code onReply} runs on the event loop with the response or the failure
     * (a malformed response, or one {@link Admission} refuses, counts as a failure).
     */
    void send(NodeId to, RaftRequest request, Duration timeout, BiConsumer<RaftResponse, Throwable> onReply) {
        transport.request(to, channel, request.toByteArray(), timeout).whenComplete((bytes, error) -> {
            RaftResponse response = null;
            Throwable failure = error;
            if (failure == null) {
                try {
                    response = parseAdmitted(to, bytes);
                } catch (IllegalArgumentException e) {
                    failure = e;
                }
            }
            RaftResponse r = response;
            Throwable f = failure;
            loop.execute(() -> onReply.accept(r, f));
        });
    }

    /** Parses the reply of {@code from}; throws IllegalArgumentException if it is malformed or refused. */
    RaftResponse parseAdmitted(NodeId from, byte[] bytes) {
        RaftResponse response = Wire.parseResponse(bytes);
        String refusal = admission.check(from, response);
        if (refusal != null) {
            throw new IllegalArgumentException("refused the reply of " + from + ": " + refusal);
        }
        return response;
    }
}
