package io.eraft.transport.netty;

import com.google.protobuf.ByteString;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Hello;
import io.eraft.transport.netty.proto.Request;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A plain {@link Socket} speaking (or breaking) the wire protocol by hand, as a misbehaving peer would. */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    /** Connects to the node at {@code address} ("127.0.0.1:port") from 127.0.0.1. */
    RawPeer(String address) throws IOException {
        this(address, "127.0.0.1");
    }

    /** Connects from {@code localIp}: on Linux any 127.x.y.z is this machine, so a test can come "from elsewhere". */
    RawPeer(String address, String localIp) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(localIp, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", Fixtures.port(address)));
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Fixtures.WAIT_SECONDS));
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** A frame: length, version byte, envelope. */
    static byte[] frame(int version, Envelope envelope) {
        byte[] body = envelope.toByteArray();
        return ByteBuffer.allocate(5 + body.length).putInt(1 + body.length).put((byte) version).put(body).array();
    }

    /** The hello of a client {@code nodeId} (no cluster) that means to reach node b. */
    static Envelope hello(String nodeId) {
        return hello(nodeId, "b");
    }

    /** The hello of a client {@code nodeId} (no cluster) that means to reach {@code target}. */
    static Envelope hello(String nodeId, String target) {
        return hello(nodeId, target, ClusterId.UNKNOWN, Access.CLIENT);
    }

    /** A hello that claims {@code role} in {@code cluster}. */
    static Envelope hello(String nodeId, String target, ClusterId cluster, Access role) {
        return Envelope.newBuilder()
                .setHello(Hello.newBuilder()
                        .setVersion(Wire.VERSION)
                        .setNodeId(nodeId)
                        .setTargetNodeId(target)
                        .setClusterId(cluster.value())
                        .setRole(Envelopes.role(role)))
                .build();
    }

    /** A request envelope for {@code channel} with a UTF-8 payload. */
    static Envelope request(long id, String channel, String payload) {
        return Envelope.newBuilder()
                .setRequest(Request.newBuilder()
                        .setId(id)
                        .setChannel(channel)
                        .setPayload(ByteString.copyFromUtf8(payload)))
                .build();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Ends this side's output, as a peer that stops in the middle of a frame and hangs up. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one frame; fails the test if the version byte is wrong. */
    Envelope read() throws IOException {
        return readFrame(in);
    }

    /** Reads one frame from {@code in}; fails the test if the version byte is wrong. */
    static Envelope readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        int version = in.readUnsignedByte();
        if (version != Wire.VERSION) {
            fail("the node sent a frame with version " + version);
        }
        byte[] body = new byte[length - 1];
        in.readFully(body);
        return Envelope.parseFrom(body);
    }

    /** Bytes the node sent that were not read yet and can be read without waiting. */
    int available() throws IOException {
        return in.available();
    }

    /** Waits until the node closes the connection; fails the test if it stays open or sends a frame. */
    void awaitClosedByNode() throws IOException {
        try {
            int b = in.read();
            if (b != -1) {
                fail("expected the node to close the connection, but it sent data (first byte " + b + ")");
            }
        } catch (SocketTimeoutException e) {
            fail("the node did not close the connection within " + Fixtures.WAIT_SECONDS + " s");
        } catch (EOFException e) {
            // closed
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
