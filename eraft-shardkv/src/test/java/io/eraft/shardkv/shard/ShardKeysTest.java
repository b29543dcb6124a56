package io.eraft.shardkv.shard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardKeysTest {
    @Test
    void theShardIsTheUnsignedCrc32cOfTheKeyModuloTheShardCount() {
        // CRC32C("123456789") = 0xE3069283, the standard check value of the Castagnoli CRC.
        byte[] key = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals((int) (0xE3069283L % 16), ShardKeys.shardOf(key, 16));
        assertEquals((int) (0xE3069283L % 7), ShardKeys.shardOf(key, 7));
        assertEquals(0, ShardKeys.shardOf(key, 1));
    }

    @Test
    void keysWhoseCrcHasTheTopBitSetStillMapToAValidShard() {
        for (int i = 0; i < 1_000; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int shard = ShardKeys.shardOf(key, 10);
            assertTrue(shard >= 0 && shard < 10, "shard " + shard);
            CRC32C crc = new CRC32C();
            crc.update(key);
            assertEquals(crc.getValue() % 10, shard);
        }
    }

    @Test
    void aShardCountBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ShardKeys.shardOf(new byte[0], 0));
    }
}
