package io.eraft.shardkv.client;

import io.eraft.api.transport.Access;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvLimits;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link EraftClient} connects and retries. Immutable; {@link ClientBuilder} sets it field by field.
 *
 * @param transport        the name of the transport provider, found with {@link java.util.ServiceLoader}
 *                         ({@code netty} by default)
 * @param transportOptions provider-specific options (the provider rejects names it does not know); the TLS files
 *                         are added to them
 * @param role             what the client claims: {@link Access#CLIENT} for KV operations, {@link Access#ADMIN} for
 *                         membership and shard changes; never {@link Access#PEER}. With TLS its certificate must
 *                         back the claim
 * @param tls              the TLS files, or {@link TlsFiles#NONE}
 * @param requestTimeout   how long one attempt at one server may take before the client tries another
 * @param operationTimeout how long one operation may take in all, retries and re-routing included
 * @param limits           key and value size limits, checked before anything is sent
 */
public record ClientOptions(String transport, Map<String, String> transportOptions, Access role, TlsFiles tls,
                            Duration requestTimeout, Duration operationTimeout, KvLimits limits) {
    /** The transport found when none is named. */
    public static final String DEFAULT_TRANSPORT = "netty";
    /** {@code netty}, no options, role client, no TLS, 1 s per attempt, 30 s per operation, default limits. */
    public static final ClientOptions DEFAULT = new ClientOptions(DEFAULT_TRANSPORT, Map.of(), Access.CLIENT,
            TlsFiles.NONE, ClerkOptions.DEFAULT.requestTimeout(), ClerkOptions.DEFAULT.operationTimeout(),
            KvLimits.DEFAULT);

    /** Checks every field; the clerk options are checked as {@link ClerkOptions} checks them. */
    public ClientOptions {
        Objects.requireNonNull(transport, "transport");
        if (transport.isBlank()) {
            throw new IllegalArgumentException("the transport name is blank");
        }
        transportOptions = Map.copyOf(transportOptions);
        Objects.requireNonNull(role, "role");
        if (role == Access.PEER) {
            throw new IllegalArgumentException("a client connects as " + Access.CLIENT + " or " + Access.ADMIN
                    + ", never as " + Access.PEER + " (only servers of the cluster are peers)");
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        new ClerkOptions(requestTimeout, operationTimeout, ClerkOptions.DEFAULT.minBackoff(),
                ClerkOptions.DEFAULT.maxBackoff(), limits);
    }

    /** The options of every clerk this client makes: these timeouts and limits, the default backoff. */
    public ClerkOptions clerkOptions() {
        return ClerkOptions.DEFAULT.withRequestTimeout(requestTimeout).withOperationTimeout(operationTimeout)
                .withLimits(limits);
    }

    public ClientOptions withTransport(String name) {
        return new ClientOptions(name, transportOptions, role, tls, requestTimeout, operationTimeout, limits);
    }

    public ClientOptions withTransportOptions(Map<String, String> options) {
        return new ClientOptions(transport, options, role, tls, requestTimeout, operationTimeout, limits);
    }

    public ClientOptions withRole(Access newRole) {
        return new ClientOptions(transport, transportOptions, newRole, tls, requestTimeout, operationTimeout, limits);
    }

    public ClientOptions withTls(TlsFiles files) {
        return new ClientOptions(transport, transportOptions, role, files, requestTimeout, operationTimeout, limits);
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(transport, transportOptions, role, tls, timeout, operationTimeout, limits);
    }

    public ClientOptions withOperationTimeout(Duration timeout) {
        return new ClientOptions(transport, transportOptions, role, tls, requestTimeout, timeout, limits);
    }

    public ClientOptions withLimits(KvLimits newLimits) {
        return new ClientOptions(transport, transportOptions, role, tls, requestTimeout, operationTimeout, newLimits);
    }
}
