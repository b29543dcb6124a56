package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportException;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A node's {@code host:port} (an IPv6 host in brackets: {@code [::1]:9000}).
 *
 * @param host a name or literal address, without brackets
 * @param port 0 to 65535
 */
record Address(String host, int port) {

    /** Parses every address of a transport's config. */
    static Map<NodeId, Address> parseAll(Map<NodeId, String> addresses) {
        Map<NodeId, Address> parsed = new HashMap<>();
        addresses.forEach((node, text) -> parsed.put(node, parse(node, text)));
        return Map.copyOf(parsed);
    }

    /** @throws TransportException naming the node and the text when it is not {@code host:port} */
    static Address parse(NodeId node, String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw bad(node, text, "expected host:port");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw bad(node, text, "the host is empty");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(node, text, "the port is not a number");
        }
        if (port < 0 || port > 65_535) {
            throw bad(node, text, "the port is out of range [0..65535]");
        }
        return new Address(host, port);
    }

    /** An address that Netty resolves when it connects (so that the caller's thread never waits for DNS). */
    InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static TransportException bad(NodeId node, String text, String why) {
        return new TransportException("bad address '" + text + "' for node " + node + ": " + why);
    }
}
