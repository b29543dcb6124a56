package io.eraft.transport.netty;

import io.eraft.api.transport.TransportException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

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

    /** Every option name, sorted, as error messages list them. */
    static final List<String> KNOWN = List.copyOf(new TreeSet<>(List.of(MAX_FRAME_BYTES, MAX_PENDING_BYTES_PER_PEER,
            CONNECT_TIMEOUT_MS, TLS_CERT, TLS_KEY, TLS_CA, IO_THREADS, PEER_ADDRESS_CHECK)));

    static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
    static final long DEFAULT_MAX_PENDING_BYTES_PER_PEER = 64L << 20;
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
    /** The smallest frame limit: room for a handshake and small messages. */
    static final int MIN_FRAME_BYTES = 1024;
    /** Leaves room under Integer.MAX_VALUE for the length prefix and buffer growth. */
    static final int MAX_FRAME_LIMIT = 1 << 30;

    /**
     * Parses {@code options}.
     *
     * @throws TransportException naming the option and what is wrong: an unknown name (listing the known ones), a
     *                            malformed or out-of-range value, an incomplete TLS set or an unreadable file
     */
    static NettyOptions parse(Map<String, String> options) {
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new TransportException("unknown option(s) " + unknown + " for transport '"
                    + NettyTransportProvider.NAME + "'; known options: " + KNOWN);
        }
        Map<String, String> given = new HashMap<>(options);
        int maxFrame = (int) size(given, MAX_FRAME_BYTES, DEFAULT_MAX_FRAME_BYTES, MIN_FRAME_BYTES, MAX_FRAME_LIMIT);
        long maxPending = size(given, MAX_PENDING_BYTES_PER_PEER, DEFAULT_MAX_PENDING_BYTES_PER_PEER, 1024,
                Long.MAX_VALUE / 4);
        int connectTimeout = (int) size(given, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, 1, 600_000);
        int ioThreads = (int) size(given, IO_THREADS, Math.max(1, Runtime.getRuntime().availableProcessors()), 1,
                1024);
        return new NettyOptions(maxFrame, maxPending, connectTimeout, tls(given), ioThreads,
                bool(given, PEER_ADDRESS_CHECK, true));
    }

    /** The defaults, as with no options given. */
    static NettyOptions defaults() {
        return parse(Map.of());
    }

    private static Optional<TlsFiles> tls(Map<String, String> given) {
        List<String> names = List.of(TLS_CERT, TLS_KEY, TLS_CA);
        long present = names.stream().filter(given::containsKey).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < names.size()) {
            List<String> missing = names.stream().filter(n -> !given.containsKey(n)).toList();
            throw new TransportException("TLS options of transport '" + NettyTransportProvider.NAME
                    + "' are incomplete: give all of " + names + " or none; missing " + missing);
        }
        return Optional.of(new TlsFiles(readable(given, TLS_CERT), readable(given, TLS_KEY), readable(given, TLS_CA)));
    }

    private static Path readable(Map<String, String> given, String name) {
        String text = given.get(name).strip();
        Path path;
        try {
            path = Path.of(text);
        } catch (RuntimeException e) {
            throw new TransportException("option '" + name + "': '" + text + "' is not a valid path", e);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new TransportException("option '" + name + "': cannot read the file '" + text + "'");
        }
        return path;
    }

    private static boolean bool(Map<String, String> given, String name, boolean defaultValue) {
        String text = given.get(name);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TransportException("option '" + name + "': '" + text + "' is not true or false");
        };
    }

    private static long size(Map<String, String> given, String name, long defaultValue, long min, long max) {
        String text = given.get(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = parseSize(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TransportException("option '" + name + "': cannot parse '" + text
                    + "' as a whole number (sizes may end in k, m or g)", e);
        }
        if (value < min || value > max) {
            throw new TransportException("option '" + name + "': " + value + " is out of range [" + min + ".." + max
                    + "]");
        }
        return value;
    }

    /** A whole number with an optional suffix k, m or g (powers of 1024). */
    static long parseSize(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        int shift = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        long number = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
        return Math.multiplyExact(number, 1L << shift);
    }

    /** The PEM files of a node's TLS identity and of the CAs it trusts. */
    record TlsFiles(Path certificate, Path privateKey, Path trustedCas) {
    }
}
