package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.PeerList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the groups of {@code eraft ctl join}: each argument {@code GROUP=HOST:PORT,HOST:PORT,...} names a group and
 * its servers, which are named by their address (as {@code eraft server --ctrlers ... --id HOST:PORT} runs them).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class JoinSpec {
    /** The names a shard group server accepts for its group (as {@code group}, {@code --group}). */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final String FORM = "expected GROUP=HOST:PORT,HOST:PORT,... e.g. "
            + "g1=127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203";

    private JoinSpec() {
    }

    /**
     * The groups, in the order given.
     *
     * @throws ConfigException naming the bad argument: no '=', a bad group name, a malformed server list, servers
     *                         given as id=host:port, or a group named twice
     */
    public static Map<String, List<NodeId>> parse(List<String> specs) {
        if (specs.isEmpty()) {
            throw new ConfigException("join names no group; " + FORM);
        }
        Map<String, List<NodeId>> groups = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new ConfigException("malformed join spec '" + spec + "': " + FORM);
            }
            String group = spec.substring(0, eq).strip();
            if (!GROUP.matcher(group).matches()) {
                throw new ConfigException("malformed join spec '" + spec + "': bad group name '" + group
                        + "' (use 1 to 64 letters, digits, '-', '_' or '.')");
            }
            PeerList servers = PeerList.parse(spec.substring(eq + 1), "the join spec of group " + group);
            if (!servers.namedByAddress()) {
                throw new ConfigException("malformed join spec '" + spec + "': shard group servers are named by "
                        + "their address; list them as HOST:PORT,HOST:PORT,... (without id=)");
            }
            if (groups.put(group, servers.ids()) != null) {
                throw new ConfigException("group " + group + " is named twice in the join");
            }
        }
        return groups;
    }
}
