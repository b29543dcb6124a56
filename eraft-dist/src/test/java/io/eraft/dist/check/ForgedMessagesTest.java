package io.eraft.dist.check;

import io.eraft.api.cluster.ClusterId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForgedMessagesTest {
    @Test
    void fieldsAreWrittenInTheProtobufWireFormat() {
        assertArrayEquals(new byte[] {0x08, (byte) 0xAC, 0x02}, new ForgedMessages.Proto().uint64(1, 300)
                .toByteArray(), "varint");
        assertArrayEquals(new byte[0], new ForgedMessages.Proto().uint64(1, 0).bool(2, false).string(3, "")
                .toByteArray(), "defaults are left out");
        assertArrayEquals(new byte[] {0x12, 0x02, 'n', '1'}, new ForgedMessages.Proto().string(2, "n1")
                .toByteArray(), "length-delimited");
        assertArrayEquals(new byte[] {0x79, 1, 0, 0, 0, 0, 0, 0, (byte) 0x80}, new ForgedMessages.Proto()
                .fixed64(15, Long.MIN_VALUE + 1).toByteArray(), "fixed64, little-endian");
        assertArrayEquals(new byte[] {0x1A, 0x00}, new ForgedMessages.Proto().message(3, new ForgedMessages.Proto())
                .toByteArray(), "an empty message is still present");
        byte[] huge = new ForgedMessages.Proto().uint64(1, Long.MAX_VALUE).toByteArray();
        assertEquals(10, huge.length, "2^63-1 takes nine varint bytes after its tag");
    }

    @Test
    void everyForgeryNamesTheMemberAndCarriesTheClusterId() {
        ClusterId cluster = ClusterId.parse(LocalServers.CLUSTER_ID);
        Map<String, byte[]> forgeries = ForgedMessages.forgeries(cluster, 7, "n2");
        assertEquals(List.of("heartbeat with term 2^63-1", "transfer vote", "overwriting append", "41-byte snapshot"),
                List.copyOf(forgeries.keySet()));
        byte[] id = new ForgedMessages.Proto().fixed64(15, cluster.value()).toByteArray();
        for (Map.Entry<String, byte[]> f : forgeries.entrySet()) {
            byte[] m = f.getValue();
            assertArrayEquals(id, Arrays.copyOfRange(m, m.length - id.length, m.length), f.getKey());
            assertTrue(new String(m, StandardCharsets.ISO_8859_1).contains("\u0012\u0002n2"), f.getKey());
        }
    }
}
