package io.eraft.shardkv.client;

import io.eraft.api.transport.NodeId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a server list: {@code n1=host:port,n2=host:port,...}, in the order given. An entry may be a bare
 * {@code host:port}: that server is named by its address (the form shard group servers and controllers use). IPv6
 * literals are written {@code [::1]:port}.
 */
public final class ServerAddresses {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.\\-]+):(\\d{1,5})");
    /** The expected form, as error messages show it. */
    public static final String FORMAT = "expected id=host:port (or host:port) entries separated by commas, e.g. "
            + "n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103";

    private ServerAddresses() {
    }

    /**
     * Parses {@code id=host:port,...}.
     *
     * @param text the list
     * @return server id to {@code host:port}, in the order given (unmodifiable)
     * @throws BadAddressException naming the bad entry: a missing '=', a bad id, a malformed address or port, an id
     *                             or address given twice, or no entry at all
     */
    public static Map<NodeId, String> parse(String text) {
        Objects.requireNonNull(text, "text");
        Map<NodeId, String> out = new LinkedHashMap<>();
        Map<String, NodeId> byAddress = new LinkedHashMap<>();
        for (String raw : text.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq == 0 || eq == entry.length() - 1 || (eq < 0 && entry.indexOf(':') < 0)) {
                throw bad(text, "entry '" + entry + "' is not id=host:port or host:port");
            }
            String address = entry.substring(eq + 1).strip();
            NodeId id = nodeId(text, eq < 0 ? address : entry.substring(0, eq).strip());
            checkAddress(text, id, address);
            if (out.containsKey(id)) {
                throw bad(text, "node " + id + " is listed twice");
            }
            NodeId other = byAddress.putIfAbsent(address, id);
            if (other != null) {
                throw bad(text, "nodes " + other + " and " + id + " have the same address " + address);
            }
            out.put(id, address);
        }
        if (out.isEmpty()) {
            throw bad(text, "it names no node");
        }
        return Collections.unmodifiableMap(out);
    }

    private static NodeId nodeId(String text, String id) {
        try {
            return NodeId.of(id);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static void checkAddress(String text, NodeId id, String address) {
        var m = HOST_PORT.matcher(address);
        if (!m.matches()) {
            throw bad(text, "the address '" + address + "' of node " + id + " is not host:port");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            throw bad(text, "the port of node " + id + " (" + port + ") is not in 1..65535");
        }
    }

    private static BadAddressException bad(String text, String why) {
        return new BadAddressException("bad server list '" + text + "': " + why + "; " + FORMAT, why);
    }

    /** An unmodifiable copy of {@code addresses} in their iteration order, each address checked. */
    static Map<NodeId, String> ordered(Map<NodeId, String> addresses) {
        Map<NodeId, String> out = new LinkedHashMap<>();
        addresses.forEach((id, address) -> {
            checkAddress(id + "=" + address, Objects.requireNonNull(id, "id"), Objects.requireNonNull(address,
                    "address of " + id));
            out.put(id, address);
        });
        return Collections.unmodifiableMap(out);
    }
}
