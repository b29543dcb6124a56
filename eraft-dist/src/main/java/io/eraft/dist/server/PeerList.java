package io.eraft.dist.server;

import io.eraft.api.transport.NodeId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The members of a group and their addresses, in the order given: {@code n1=host:port,n2=host:port,...}. An entry may
 * be a bare {@code host:port}: that node is named by its address (the form shard group servers and controllers use,
 * so that any node can dial a server it learns of from a configuration). Used for a server's peers, a shard
 * server's controllers and a client's server list.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param addresses node id to {@code host:port} ({@code [v6]:port} for IPv6 literals), in the order given
 */
public record PeerList(Map<NodeId, String> addresses) {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.\\-]+):(\\d{1,5})");
    private static final String FORMAT = "expected id=host:port (or host:port) entries separated by commas, e.g. "
            + "n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103";

    /** Copies {@code addresses}, keeping their order. */
    public PeerList {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.isEmpty()) {
            throw new ConfigException("the peer list is empty; " + FORMAT);
        }
        addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
    }

    /**
     * Parses {@code id=host:port,...}.
     *
     * @param setting how the user gave the list (e.g. {@code "--peers"}), named in error messages
     * @throws ConfigException naming the bad entry: a missing '=', a bad id, a malformed address or port, or an
     *                         id or address given twice
     */
    public static PeerList parse(String text, String setting) {
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
                throw bad(setting, text, "entry '" + entry + "' is not id=host:port or host:port");
            }
            String address = entry.substring(eq + 1).strip();
            NodeId id = nodeId(setting, text, eq < 0 ? address : entry.substring(0, eq).strip());
            checkAddress(setting, text, id, address);
            if (out.containsKey(id)) {
                throw bad(setting, text, "node " + id + " is listed twice");
            }
            NodeId other = byAddress.putIfAbsent(address, id);
            if (other != null) {
                throw bad(setting, text, "nodes " + other + " and " + id + " have the same address " + address);
            }
            out.put(id, address);
        }
        if (out.isEmpty()) {
            throw bad(setting, text, "it names no node");
        }
        return new PeerList(out);
    }

    private static NodeId nodeId(String setting, String text, String id) {
        try {
            return NodeId.of(id);
        } catch (IllegalArgumentException e) {
            throw bad(setting, text, e.getMessage());
        }
    }

    private static void checkAddress(String setting, String text, NodeId id, String address) {
        var m = HOST_PORT.matcher(address);
        if (!m.matches()) {
            throw bad(setting, text, "the address '" + address + "' of node " + id + " is not host:port");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            throw bad(setting, text, "the port of node " + id + " (" + port + ") is not in 1..65535");
        }
    }

    private static ConfigException bad(String setting, String text, String why) {
        return new ConfigException("bad peer list in " + setting + " '" + text + "': " + why + "; " + FORMAT);
    }

    /** The node ids, in the order given. */
    public List<NodeId> ids() {
        return List.copyOf(addresses.keySet());
    }

    /** The address of {@code id}, or null when it is not listed. */
    public String addressOf(NodeId id) {
        return addresses.get(id);
    }

    /** Whether {@code id} is listed. */
    public boolean contains(NodeId id) {
        return addresses.containsKey(id);
    }

    /** Whether every node is named by its address (a bare {@code host:port} entry). */
    public boolean namedByAddress() {
        return addresses.entrySet().stream().allMatch(e -> e.getKey().value().equals(e.getValue()));
    }

    /** The list in the form {@link #parse} reads (bare {@code host:port} for a node named by its address). */
    public String format() {
        return addresses.entrySet().stream()
                .map(e -> e.getKey().value().equals(e.getValue()) ? e.getValue() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return format();
    }
}
