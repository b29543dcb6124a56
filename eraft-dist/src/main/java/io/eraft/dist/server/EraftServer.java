package io.eraft.dist.server;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.spi.support.DirectoryLock;
import io.eraft.api.spi.support.DirectoryLockedException;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.Stores;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportProvider;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.shard.ShardGroupSpec;
import io.eraft.shardkv.shard.ShardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * One running server: a member of a KV group, of a shard group or of the shard controller ({@link ServerRole}) over
 * the {@code netty} transport, with a {@code segmented} Raft log and the configured store under its data directory,
 * and the admin status channel. Providers are found by name through ServiceLoader.
 *
 * <p>Data directory: {@code eraft-server.lock} (held while the server runs: one server per directory),
 * {@code log/} (the Raft log), {@code store/} (the state machine store), {@code raft/} (snapshots being received).
 *
 * <p>Durability: a write is acknowledged only once it is in a majority's log (fsynced when {@code fsync} is on), so
 * killing a server at any moment ({@code kill -9}) loses nothing acknowledged; {@link #close()} is the clean stop.
 */
public final class EraftServer implements AutoCloseable {
    /** The log provider every server uses. */
    public static final String LOG_PROVIDER = "segmented";
    /** The transport provider every server and client uses. */
    public static final String TRANSPORT = "netty";
    private static final Logger LOG = LoggerFactory.getLogger(EraftServer.class);

    private final ServerConfig config;
    private final Deque<AutoCloseable> resources;
    private final Replica replica;
    private final StateMachineStore store;

    private EraftServer(ServerConfig config, Deque<AutoCloseable> resources, Replica replica,
                        StateMachineStore store) {
        this.config = config;
        this.resources = resources;
        this.replica = replica;
        this.store = store;
    }

    /**
     * Opens the data directory and starts serving.
     *
     * @throws ServerStartException when the data directory is held by another server or cannot be created, or the
     *                              listen port is in use; the message names the fix
     * @throws io.eraft.api.EraftException for any other failure to open the store, log or transport, with its cause
     */
    public static EraftServer start(ServerConfig config) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Path dir = config.dataDir();
            opened.push(lock(config));
            StateMachineStore store = Stores.provider(config.store()).open(dir.resolve("store"),
                    config.storeOptions());
            opened.push(store);
            LogStore log = LogStoreProvider.byName(LOG_PROVIDER).open(dir.resolve("log"),
                    Map.of("fsync", Boolean.toString(config.fsync())));
            opened.push(log);
            Transport transport = transport(config);
            opened.push(transport);
            RaftConfig raft = RaftConfig.defaults().withSnapshotThresholdBytes(config.snapshotThresholdBytes());
            KvServerSpec spec = KvServerSpec.of(config.group(), config.id(), config.peers().ids(), raft,
                    transport, log, store, dir.resolve("raft"), new SecureRandom().nextLong());
            Replica replica = startReplica(config, spec);
            opened.push(replica);
            EraftServer server = new EraftServer(config, opened, replica, store);
            opened.push(StatusService.start(transport, server::status));
            LOG.info("{} node {} of group {} serving on {} (peers {}; data {}; store {}; fsync {})",
                    config.role().label(), config.id(), config.group(), config.listen(), config.peers(),
                    dir.toAbsolutePath(), config.store(), config.fsync() ? "on" : "off");
            return server;
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    private static Replica startReplica(ServerConfig config, KvServerSpec spec) {
        return switch (config.role()) {
            case KV -> Replica.of(KvServer.start(spec));
            case CTRLER -> Replica.of(ControllerServer.start(spec, config.shards()));
            case SHARD -> Replica.of(ShardServer.start(ShardGroupSpec.of(spec, config.shards(),
                    config.controller(), config.controllers().ids())));
        };
    }

    private static DirectoryLock lock(ServerConfig config) {
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
            return DirectoryLock.acquire(dir, "eraft-server.lock");
        } catch (DirectoryLockedException e) {
            String who = e.ownerPid().isPresent() ? "another eraft server (pid " + e.ownerPid().getAsLong() + ")"
                    : "another eraft server";
            throw new ServerStartException("data directory " + dir.toAbsolutePath() + " is locked by " + who
                    + "; stop that server, or give node " + config.id() + " its own data.dir (--data-dir)", e);
        } catch (IOException e) {
            throw new ServerStartException("cannot use data directory " + dir.toAbsolutePath() + ": " + e
                    + "; make it writable or choose another data.dir (--data-dir)", e);
        }
    }

    private static Transport transport(ServerConfig config) {
        try {
            return TransportProvider.byName(TRANSPORT).create(new TransportConfig(config.id(),
                    config.transportAddresses(), config.transportOptions()));
        } catch (TransportException e) {
            if (portInUse(e)) {
                throw new ServerStartException("node " + config.id() + " cannot listen on " + config.listen()
                        + ": the port is in use by another process; stop that process, or give " + config.id()
                        + " another port in peers (--peers) or listen (--listen) (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /**
     * Whether {@code e} says the listen address is taken: a {@link BindException}, or (the epoll transport's native
     * error is no BindException) a message that says so, as the netty provider promises.
     */
    private static boolean portInUse(TransportException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindException || String.valueOf(c.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The settings this server runs with. */
    public ServerConfig config() {
        return config;
    }

    /** This node's current status, as the admin channel reports it. */
    public NodeStatus status() {
        RaftStatus r = replica.raftStatus().get();
        return new NodeStatus(config.id().value(), config.group(), config.advertisedAddress(), r.role(), r.term(),
                r.leader() == null ? "" : r.leader().value(), r.commitIndex(), r.appliedIndex(), r.lastLogIndex(),
                r.snapshotIndex(), r.logBytes(), store.providerName(), store.approximateSize(), config.role(),
                replica.configNum().getAsLong(), replica.shards().get());
    }

    /** Stops serving, then closes the replica, transport, log, store and the data directory lock, in order. */
    @Override
    public void close() {
        synchronized (resources) {
            closeAll(resources, null);
        }
        LOG.info("node {} stopped", config.id());
    }

    private static void closeAll(Deque<AutoCloseable> opened, RuntimeException failure) {
        RuntimeException first = failure;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (failure == null && first != null) {
            throw first;
        }
    }
}
