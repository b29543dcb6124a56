package io.eraft.dist.cli;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.TransportException;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.StatusCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCodecTest {
    private static final NodeStatus STATUS = new NodeStatus("n1", "kv", "127.0.0.1:7101", Role.LEADER, 7, "n1",
            1234, 1230, 1240, 1000, 1 << 20, "leveldb", 5L << 30);

    @Test
    void aStatusSurvivesTheRoundTrip() {
        assertEquals(STATUS, StatusCodec.decode("n1", StatusCodec.encode(STATUS)));
    }

    @Test
    void keysANewerServerAddsAreIgnored() {
        byte[] withExtra = (new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8) + "uptime=12\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(STATUS, StatusCodec.decode("n1", withExtra));
    }

    @Test
    void aReplyOfAnotherFormatIsRefusedNamingTheNode() {
        var e = assertThrows(TransportException.class,
                () -> StatusCodec.decode("n2", "format=9\nid=n2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("node n2") && e.getMessage().contains("format 9"), e.getMessage());
    }

    @Test
    void aReplyMissingAFieldOrWithABadNumberIsRefused() {
        String full = new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8);
        var missing = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("term=7\n", "").getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.getMessage().contains("no 'term'"), missing.getMessage());
        var bad = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("commit=1234", "commit=lots").getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("'commit' is not a number"), bad.getMessage());
    }
}
