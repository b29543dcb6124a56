package io.eraft.shardkv.client;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.shardkv.kv.KvLimits;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an {@link EraftClient}: start with {@link EraftClient#group} or {@link EraftClient#shardedCluster}, set what
 * differs from {@link ClientOptions#DEFAULT}, then {@link #connect()}. Each setter checks its value; a builder may be
 * reused, and every client it connects is independent.
 *
 * @param <C> the kind of client it connects
 */
public final class ClientBuilder<C extends EraftClient> {
    private static final SecureRandom IDS = new SecureRandom();
    private static final Set<String> TLS_OPTIONS = Set.of(TlsFiles.CERT, TlsFiles.KEY, TlsFiles.CA);

    /** Makes the client once its transport is open. */
    interface Factory<C> {
        C open(Transport transport, ClientOptions options);
    }

    private final Map<NodeId, String> servers;
    private final Factory<C> factory;
    private final Map<String, String> transportOptions = new LinkedHashMap<>();
    private ClientOptions options = ClientOptions.DEFAULT;
    private TransportProvider provider; // null: found by the name in options

    ClientBuilder(Map<NodeId, String> servers, Factory<C> factory) {
        this.servers = Map.copyOf(servers);
        this.factory = factory;
    }

    /**
     * Starts from {@code base}: its transport options are kept ({@link #transportOption} adds to them), and its TLS
     * files are {@code base.tls()} (the TLS options a built {@link ClientOptions} carries are dropped with it).
     */
    public ClientBuilder<C> options(ClientOptions base) {
        this.options = Objects.requireNonNull(base, "base");
        transportOptions.clear();
        transportOptions.putAll(base.transportOptions());
        TLS_OPTIONS.forEach(transportOptions::remove);
        return this;
    }

    /** The transport provider to find by name ({@code netty} unless set). */
    public ClientBuilder<C> transport(String name) {
        options = options.withTransport(name);
        provider = null;
        return this;
    }

    /** Uses {@code transportProvider} itself instead of one found by name (e.g. an in-process network in tests). */
    public ClientBuilder<C> transport(TransportProvider transportProvider) {
        this.provider = Objects.requireNonNull(transportProvider, "transportProvider");
        options = options.withTransport(transportProvider.name());
        return this;
    }

    /**
     * Sets a provider-specific transport option; the provider refuses a name it does not know.
     *
     * @throws IllegalArgumentException for the TLS options ({@link TlsFiles#CERT}, {@link TlsFiles#KEY},
     *                                  {@link TlsFiles#CA}): give the files with {@link #tls}, which checks them
     */
    public ClientBuilder<C> transportOption(String name, String value) {
        if (TLS_OPTIONS.contains(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("transport option '" + name + "' is set by tls(...), which checks "
                    + "the files; give all three TLS files there");
        }
        transportOptions.put(name, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Claims {@code role}: {@link Access#CLIENT} (the default) or {@link Access#ADMIN}. */
    public ClientBuilder<C> role(Access role) {
        options = options.withRole(role);
        return this;
    }

    /** Connects over mutual TLS with these files (checked by {@link #connect()}). */
    public ClientBuilder<C> tls(TlsFiles files) {
        options = options.withTls(files);
        return this;
    }

    /** Connects over mutual TLS: trusts the CAs in {@code trustedCas}, presents {@code certificate} and its key. */
    public ClientBuilder<C> tls(Path trustedCas, Path certificate, Path privateKey) {
        return tls(TlsFiles.of(trustedCas, certificate, privateKey));
    }

    /** How long one attempt at one server may take before the client tries the next (default 1 s). */
    public ClientBuilder<C> requestTimeout(Duration timeout) {
        options = options.withRequestTimeout(timeout);
        return this;
    }

    /**
     * How long each operation may take in all, retries and re-routing included, before it fails (default 30 s);
     * {@link EraftClient#withOperationTimeout} gives other operations another timeout.
     */
    public ClientBuilder<C> operationTimeout(Duration timeout) {
        options = options.withOperationTimeout(timeout);
        return this;
    }

    /** The key and value size limits checked before sending (default {@link KvLimits#DEFAULT}). */
    public ClientBuilder<C> limits(KvLimits limits) {
        options = options.withLimits(limits);
        return this;
    }

    /** The options as set so far. */
    public ClientOptions build() {
        Map<String, String> all = new HashMap<>(transportOptions);
        all.putAll(options.tls().transportOptions());
        return options.withTransportOptions(all);
    }

    /**
     * Checks the TLS files, finds the transport and opens it; no server is contacted until the first operation.
     *
     * @throws TlsFilesException when the TLS files are incomplete or unreadable
     * @throws io.eraft.api.UnknownProviderException when no transport of that name is on the module path
     * @throws io.eraft.api.transport.TransportException when the transport refuses its options (e.g. a TLS file
     *                                                   that holds no PEM certificate or key)
     */
    public C connect() {
        ClientOptions built = build();
        built.tls().check();
        TransportProvider p = provider != null ? provider : TransportProvider.byName(built.transport());
        NodeId self = NodeId.of("client-" + Long.toHexString(IDS.nextLong()));
        Transport transport = p.create(new TransportConfig(self, servers, built.transportOptions(),
                ClusterId.UNKNOWN, built.role()));
        try {
            return factory.open(transport, built);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }
}
