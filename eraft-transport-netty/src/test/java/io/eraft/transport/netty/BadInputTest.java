package io.eraft.transport.netty;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.transport.testkit.LogCapture;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad bytes from a raw socket close only the connection they came on, with a logged reason; node b keeps serving
 * its peer a (connected before) and new clients. The raw socket says it is a client, and b's channel takes clients.
 */
class BadInputTest {
    private static final int MAX_FRAME = 64 * 1024;

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);
    private NettyTransport a;
    private NettyTransport b;

    @BeforeEach
    void startNodes() throws Exception {
        Map<String, String> options = Map.of(NettyTransportProvider.MAX_FRAME_BYTES, Integer.toString(MAX_FRAME));
        a = Fixtures.netty(A, addresses, options);
        b = Fixtures.netty(B, addresses, options);
        b.register(CHANNEL, Access.CLIENT, ECHO);
        value(a.request(B, CHANNEL, bytes("connected"), LONG));
    }

    @AfterEach
    void closeNodes() {
        a.close();
        b.close();
    }

    /**
     * One kind of bad input.
     *
     * @param what         the test's display name
     * @param input        the bytes sent
     * @param hangUp       whether the sender then ends its output
     * @param answersHello whether b first answers with its hello (the input starts with a hello b accepts or
     *                     answers)
     * @param reason       what b's log must say
     */
    record BadInput(String what, byte[] input, boolean hangUp, boolean answersHello, String reason) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BadInput> badInputs() {
        byte[] hello = RawPeer.frame(Wire.VERSION, RawPeer.hello("raw"));
        byte[] request = RawPeer.frame(Wire.VERSION, request(1, "x"));
        return Stream.of(
                new BadInput("garbage bytes (an HTTP request)",
                        ascii("GET / HTTP/1.1\r\nHost: b\r\n\r\n"), false, false, "exceeds max-frame-bytes"),
                new BadInput("a malformed envelope",
                        RawPeer.concat(ByteBuffer.allocate(5).putInt(9).put((byte) Wire.VERSION).array(),
                                filled(8, 0xFF)), false, false, "malformed envelope"),
                new BadInput("a frame length over the limit, before its body",
                        ByteBuffer.allocate(4).putInt(MAX_FRAME + 1).array(), false, false,
                        "frame length " + (MAX_FRAME + 1) + " exceeds max-frame-bytes " + MAX_FRAME),
                new BadInput("a negative frame length",
                        ByteBuffer.allocate(4).putInt(-1).array(), false, false, "exceeds max-frame-bytes"),
                new BadInput("a truncated frame, then hang-up",
                        RawPeer.concat(ByteBuffer.allocate(5).putInt(100).put((byte) Wire.VERSION).array(),
                                filled(10, 1)), true, false, "ended inside a frame"),
                new BadInput("a wrong protocol version",
                        RawPeer.frame(Wire.VERSION + 1, RawPeer.hello("raw")), false, false,
                        "unsupported protocol version " + (Wire.VERSION + 1)),
                new BadInput("a hello of protocol version 1 in a frame of this version",
                        RawPeer.frame(Wire.VERSION, Envelope.newBuilder().setHello(RawPeer.hello("raw").getHello()
                                .toBuilder().setVersion(1)).build()), false, false, "hello with protocol version 1"),
                new BadInput("a hello that claims no role",
                        RawPeer.frame(Wire.VERSION, Envelope.newBuilder().setHello(RawPeer.hello("raw").getHello()
                                .toBuilder().clearRole()).build()), false, false, "with no role this node knows"),
                new BadInput("an empty frame",
                        ByteBuffer.allocate(4).putInt(0).array(), false, false, "empty frame"),
                new BadInput("a request before the hello",
                        request, false, false, "a request before the hello"),
                new BadInput("a hello with a bad node id",
                        RawPeer.frame(Wire.VERSION, RawPeer.hello("not a node id!")), false, false, "bad node id"),
                new BadInput("a hello that claims to be the node itself",
                        RawPeer.frame(Wire.VERSION, RawPeer.hello("b")), false, false, "says it is this node"),
                new BadInput("a hello meant for another node, then a request",
                        RawPeer.concat(RawPeer.frame(Wire.VERSION, RawPeer.hello("raw", "c")), request), false, true,
                        "node raw dialed node c, but this is node b"),
                new BadInput("a hello that names no target",
                        RawPeer.frame(Wire.VERSION, RawPeer.hello("raw", "")), false, true,
                        "node raw did not say which node it dialed"),
                new BadInput("a second hello",
                        RawPeer.concat(hello, hello), false, true, "a second hello"),
                new BadInput("garbage after a good hello",
                        RawPeer.concat(hello, ascii("this is not a frame at all")), false, true,
                        "exceeds max-frame-bytes"),
                new BadInput("an empty envelope after a good hello",
                        RawPeer.concat(hello, ByteBuffer.allocate(5).putInt(1).put((byte) Wire.VERSION).array()),
                        false, true, "carries no hello, request, response or refusal"),
                new BadInput("a response on a connection b accepted (b sends no requests on it)",
                        RawPeer.concat(hello, RawPeer.frame(Wire.VERSION,
                                Envelope.newBuilder().setResponse(Response.newBuilder().setId(5)).build())),
                        false, true, "a response on a connection this node accepted"),
                new BadInput("a refusal from the dialing side",
                        RawPeer.concat(hello, RawPeer.frame(Wire.VERSION, Envelopes.refusal("go away"))),
                        false, true, "a refusal from the dialing side"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputClosesOnlyItsConnectionWithALoggedReason(BadInput bad) throws Exception {
        try (LogCapture log = new LogCapture(); RawPeer raw = new RawPeer(addresses.get(B))) {
            raw.send(bad.input());
            if (bad.hangUp()) {
                raw.finishSending();
            }
            if (bad.answersHello()) {
                assertEquals("b", raw.read().getHello().getNodeId(), "b answers with its own hello");
            }

            raw.awaitClosedByNode();

            await("the reason is logged", () -> log.text().contains(bad.reason()));
            String line = log.linesWith(bad.reason()).get(0);
            assertTrue(line.contains("node b refused the connection from ") && line.contains("127.0.0.1:"), line);
        }
        assertEquals(1, b.stats().requestsReceived(), "only a's first request reached a handler");
        assertNodeStillServes();
    }

    @Test
    void aWellBehavedRawPeerGetsAHelloAndItsReply() throws Exception {
        try (RawPeer raw = new RawPeer(addresses.get(B))) {
            raw.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("raw")));
            raw.send(RawPeer.frame(Wire.VERSION, request(7, "ping")));

            Envelope hello = raw.read();
            Envelope reply = raw.read();

            assertEquals("b", hello.getHello().getNodeId());
            assertEquals(Wire.VERSION, hello.getHello().getVersion());
            assertEquals(7, reply.getResponse().getId());
            assertEquals("ping", reply.getResponse().getPayload().toStringUtf8());
        }
    }

    @Test
    void aConnectionThatSendsNoHelloIsClosedAfterTheHandshakeTimeout() throws Exception {
        Map<NodeId, String> own = Fixtures.addressesFor(NodeId.of("d"));
        Map<String, String> options = new HashMap<>(Map.of(NettyTransportProvider.CONNECT_TIMEOUT_MS, "200"));
        NettyTransport d = Fixtures.netty(NodeId.of("d"), own, options);
        try (LogCapture log = new LogCapture(); RawPeer raw = new RawPeer(own.get(NodeId.of("d")))) {
            raw.awaitClosedByNode();

            await("the timeout is logged", () -> log.text().contains("no handshake within 200 ms"));
            assertTrue(log.text().contains("node d refused the connection from 127.0.0.1:"), log.text());
        } finally {
            d.close();
        }
    }

    private void assertNodeStillServes() throws Exception {
        await("b closed the bad connection", () -> b.connectionCount() == 1);
        assertEquals("peer", text(value(a.request(B, CHANNEL, bytes("peer"), LONG))));
        try (NettyTransport client = Fixtures.client(NodeId.of("clerk"), Map.of(B, addresses.get(B)))) {
            assertEquals("client", text(value(client.request(B, CHANNEL, bytes("client"), LONG))));
        }
    }

    private static Envelope request(long id, String payload) {
        return RawPeer.request(id, CHANNEL, payload);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
