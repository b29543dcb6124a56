package io.eraft.transport.netty;

import io.eraft.api.settings.Setting;
import io.eraft.api.settings.SettingException;
import io.eraft.api.settings.Settings;
import io.eraft.api.transport.TransportException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked options of one netty transport.
 *
 * @param maxFrameBytes          the largest frame (version byte and envelope) sent or accepted
 * @param maxPendingBytesPerPeer bytes that may wait to be written to one connection before requests to that peer
 *                               fail fast, and the bound on request bytes a connection's handlers may hold before
 *                               the connection stops reading
 * @param connectTimeoutMillis   how long a connection may take to connect and finish its handshake
 * @param tls                    the node's certificate, key and trusted CAs, if TLS is on
 * @param ioThreads              the event loop threads of the transport
 * @param peerAddressCheck       without TLS, whether a hello that names a member must come from an address of that
 *                               member's host
 */
record NettyOptions(int maxFrameBytes, long maxPendingBytesPerPeer, int connectTimeoutMillis,
                    Optional<TlsFiles> tls, int ioThreads, boolean peerAddressCheck) {

    static final String MAX_FRAME_BYTES = "max-frame-bytes";
    static final String MAX_PENDING_BYTES_PER_PEER = "max-pending-bytes-per-peer";
    static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
    static final String TLS_CERT = "tls-cert";
    static final String TLS_KEY = "tls-key";
    static final String TLS_CA = "tls-ca";
    static final String IO_THREADS = "io-threads";
    static final String PEER_ADDRESS_CHECK = "peer-address-check";

    static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
    static final long DEFAULT_MAX_PENDING_BYTES_PER_PEER = 64L << 20;
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
    /** The smallest frame limit: room for a handshake and small messages. */
    static final int MIN_FRAME_BYTES = 1024;
    /** Leaves room under Integer.MAX_VALUE for the length prefix and buffer growth. */
    static final int MAX_FRAME_LIMIT = 1 << 30;

    static final Setting<Long> MAX_FRAME = Setting.size(MAX_FRAME_BYTES, DEFAULT_MAX_FRAME_BYTES, MIN_FRAME_BYTES,
            MAX_FRAME_LIMIT, "the largest frame sent or accepted; a larger request fails at the sender, a larger "
                    + "incoming frame closes its connection");
    static final Setting<Long> MAX_PENDING = Setting.size(MAX_PENDING_BYTES_PER_PEER,
            DEFAULT_MAX_PENDING_BYTES_PER_PEER, 1024, 1L << 40, "bytes waiting to be written to one peer before "
                    + "requests to it fail fast, and request bytes a connection's handlers may hold before it stops "
                    + "reading");
    static final Setting<Integer> CONNECT_TIMEOUT = Setting.integer(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS,
            1, 600_000, "milliseconds a connection may take to connect and finish its handshake (TLS and hello)");
    static final Setting<String> CERT = Setting.text(TLS_CERT, "", "a readable PEM file",
            "this node's certificate chain; with tls-key and tls-ca turns on mutual TLS");
    static final Setting<String> KEY = Setting.text(TLS_KEY, "", "a readable PEM file",
            "this node's private key, PKCS#8 (RSA or EC)");
    static final Setting<String> CA = Setting.text(TLS_CA, "", "a readable PEM file",
            "the certificates of the CAs this node trusts");
    static final Setting<Integer> THREADS = Setting.integer(IO_THREADS,
            Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 1024,
            "event loop threads (default: the number of processors)");
    static final Setting<Boolean> ADDRESS_CHECK = Setting.bool(PEER_ADDRESS_CHECK, true, "without TLS, whether a "
            + "hello that names a member must come from an address of that member's host (off only behind NAT or a "
            + "proxy)");

    /** Every option, as {@link NettyTransportProvider#settings()} declares them. */
    static final List<Setting<?>> ALL = List.of(MAX_FRAME, MAX_PENDING, CONNECT_TIMEOUT, CERT, KEY, CA, THREADS,
            ADDRESS_CHECK);

    /**
     * Parses {@code options}.
     *
     * @throws TransportException naming the option and what is wrong: an unknown name (naming the nearest known one),
     *                            a malformed or out-of-range value (naming the allowed values), an incomplete TLS set
     *                            or an unreadable file
     */
    static NettyOptions parse(Map<String, String> options) {
        Settings given;
        try {
            given = Settings.parse(ALL, options);
        } catch (SettingException e) {
            throw new TransportException("transport '" + NettyTransportProvider.NAME + "': " + e.getMessage(), e);
        }
        return new NettyOptions(Math.toIntExact(given.get(MAX_FRAME)), given.get(MAX_PENDING),
                given.get(CONNECT_TIMEOUT), tls(given), given.get(THREADS), given.get(ADDRESS_CHECK));
    }

    /** The defaults, as with no options given. */
    static NettyOptions defaults() {
        return parse(Map.of());
    }

    private static Optional<TlsFiles> tls(Settings given) {
        List<Setting<String>> files = List.of(CERT, KEY, CA);
        long present = files.stream().filter(given::isGiven).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < files.size()) {
            List<String> missing = files.stream().filter(f -> !given.isGiven(f)).map(Setting::key).toList();
            throw new TransportException("TLS options of transport '" + NettyTransportProvider.NAME
                    + "' are incomplete: give all of " + List.of(TLS_CERT, TLS_KEY, TLS_CA) + " or none; missing "
                    + missing);
        }
        return Optional.of(new TlsFiles(readable(given, CERT), readable(given, KEY), readable(given, CA)));
    }

    private static Path readable(Settings given, Setting<String> file) {
        String text = given.get(file);
        Path path;
        try {
            path = Path.of(text);
        } catch (RuntimeException e) {
            throw new TransportException("option '" + file.key() + "': '" + text + "' is not a valid path", e);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new TransportException("option '" + file.key() + "': cannot read the file '" + text + "'");
        }
        return path;
    }

    /** The PEM files of a node's TLS identity and of the CAs it trusts. */
    record TlsFiles(Path certificate, Path privateKey, Path trustedCas) {
    }
}
