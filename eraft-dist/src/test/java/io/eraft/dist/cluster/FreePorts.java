package io.eraft.dist.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports that were free a moment ago (the OS picks them; all are held until all are picked). */
public final class FreePorts {
    private FreePorts() {
    }

    /** The first of {@code count} consecutive free ports (tries a few OS-chosen starting points). */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = pick(1).get(0);
            if (base + count - 1 > 65_535) {
                continue;
            }
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException taken) {
                // try another base
            } finally {
                closeAll(held);
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free loopback ports");
    }

    public static List<Integer> pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            closeAll(held);
        }
    }

    private static void closeAll(List<ServerSocket> held) {
        for (ServerSocket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the port is released either way
            }
        }
    }
}
