package io.eraft.transport.netty;

import io.eraft.api.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NettyOptionsTest {

    @Test
    void defaultsAre64MibFramesAnd64MibPerPeerWithoutTls() {
        NettyOptions options = NettyOptions.defaults();

        assertEquals(64 << 20, options.maxFrameBytes());
        assertEquals(64L << 20, options.maxPendingBytesPerPeer());
        assertEquals(NettyOptions.DEFAULT_CONNECT_TIMEOUT_MS, options.connectTimeoutMillis());
        assertTrue(options.tls().isEmpty());
        assertTrue(options.ioThreads() >= 1);
        assertTrue(options.peerAddressCheck(), "hellos naming members are checked against their address");
    }

    @Test
    void thePeerAddressCheckCanBeTurnedOffForNatButNotWithATypo() {
        assertFalse(NettyOptions.parse(Map.of("peer-address-check", "false")).peerAddressCheck());

        TransportException e = assertThrows(TransportException.class,
                () -> NettyOptions.parse(Map.of("peer-address-check", "no")));
        assertTrue(e.getMessage().contains("bad value 'no' for setting 'peer-address-check': cannot read it as a "
                + "boolean; allowed: true|false"),
                e.getMessage());
    }

    @Test
    void sizesTakeKmAndGSuffixes() {
        NettyOptions options = NettyOptions.parse(Map.of(
                "max-frame-bytes", "512k", "max-pending-bytes-per-peer", "1g", "io-threads", "3",
                "connect-timeout-ms", "250"));

        assertEquals(512 * 1024, options.maxFrameBytes());
        assertEquals(1L << 30, options.maxPendingBytesPerPeer());
        assertEquals(3, options.ioThreads());
        assertEquals(250, options.connectTimeoutMillis());
    }

    @Test
    void anUnknownOptionIsRejectedNamingTheNearestAndListingTheKnownOnes() {
        TransportException e = assertThrows(TransportException.class,
                () -> NettyOptions.parse(Map.of("max-frame-byte", "1m")));

        assertTrue(e.getMessage().contains("unknown setting 'max-frame-byte'; did you mean 'max-frame-bytes'?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Known settings: connect-timeout-ms, io-threads, max-frame-bytes,"
                + " max-pending-bytes-per-peer, peer-address-check, tls-ca, tls-cert, tls-key"), e.getMessage());
    }

    @Test
    void aValueThatIsNotANumberIsRejectedNamingTheOption() {
        TransportException e = assertThrows(TransportException.class,
                () -> NettyOptions.parse(Map.of("io-threads", "many")));

        assertTrue(e.getMessage().contains("bad value 'many' for setting 'io-threads': cannot read it as an int; "
                + "allowed: 1..1024"), e.getMessage());
    }

    @Test
    void aValueOutOfRangeIsRejectedWithTheRange() {
        TransportException e = assertThrows(TransportException.class,
                () -> NettyOptions.parse(Map.of("max-frame-bytes", "2g")));

        assertTrue(e.getMessage().contains("bad value '2g' for setting 'max-frame-bytes': out of range; allowed: "
                + "1KiB..1GiB bytes"),
                e.getMessage());
    }

    @Test
    void aTlsFileThatCannotBeReadIsRejectedNamingIt() {
        TransportException e = assertThrows(TransportException.class, () -> NettyOptions.parse(Map.of(
                "tls-cert", "/nonexistent/cert.pem", "tls-key", "/nonexistent/key.pem",
                "tls-ca", "/nonexistent/ca.pem")));

        assertTrue(e.getMessage().contains("option 'tls-cert': cannot read the file '/nonexistent/cert.pem'"),
                e.getMessage());
    }

    @Test
    void theProviderDeclaresEveryOptionItReadsWithTheDefaultsItUses() {
        var declared = new NettyTransportProvider().settings();
        assertEquals(java.util.List.of("max-frame-bytes", "max-pending-bytes-per-peer", "connect-timeout-ms",
                "tls-cert", "tls-key", "tls-ca", "io-threads", "peer-address-check"),
                declared.stream().map(io.eraft.api.settings.Setting::key).toList());
        NettyOptions defaults = NettyOptions.defaults();
        assertEquals(NettyOptions.MAX_FRAME.defaultValue().intValue(), defaults.maxFrameBytes());
        assertEquals(NettyOptions.MAX_PENDING.defaultValue(), defaults.maxPendingBytesPerPeer());
        assertEquals(NettyOptions.THREADS.defaultValue(), defaults.ioThreads());
    }
}
