package io.eraft.dist.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TcpProxyTest {
    /** An echo server on loopback. */
    private static ServerSocket echo() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    Thread pump = new Thread(() -> {
                        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                    pump.setDaemon(true);
                    pump.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    private static int roundTrip(Socket s, int b) throws IOException {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    @Test
    void forwardsBothWaysThenCutsOpenAndNewConnectionsThenHeals() throws Exception {
        try (ServerSocket target = echo();
             TcpProxy proxy = new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     target.getLocalPort()))) {
            Socket before = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
            before.setSoTimeout(5_000);
            assertEquals(42, roundTrip(before, 42));

            proxy.block(true);
            assertTrue(proxy.blocked());
            assertEquals(-1, roundTripOrEnd(before), "an open connection is cut");
            try (Socket during = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                during.setSoTimeout(5_000);
                assertEquals(-1, roundTripOrEnd(during), "a new connection is closed at once");
            }

            proxy.block(false);
            try (Socket after = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                after.setSoTimeout(5_000);
                assertEquals(7, roundTrip(after, 7));
            }
            before.close();
        }
    }

    private static int roundTripOrEnd(Socket s) {
        try {
            return roundTrip(s, 1);
        } catch (IOException e) {
            return -1;
        }
    }
}
