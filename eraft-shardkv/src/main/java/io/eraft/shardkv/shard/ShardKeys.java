package io.eraft.shardkv.shard;

import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;

import java.util.zip.CRC32C;

/**
 * Which shard a key belongs to: the CRC32C (Castagnoli, as in iSCSI and java.util.zip.CRC32C) of the key's bytes,
 * as an unsigned 32-bit number, modulo the number of shards. Every client and server uses this function; it must
 * never change for an existing cluster.
 */
public final class ShardKeys {
    private ShardKeys() {
    }

    /** The shard of {@code key} in a cluster of {@code shardCount} shards. */
    public static int shardOf(byte[] key, int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("a cluster has at least one shard: " + shardCount);
        }
        CRC32C crc = new CRC32C();
        crc.update(key, 0, key.length);
        return (int) (crc.getValue() % shardCount);
    }

    /** The key a command reads or writes. */
    static byte[] keyOf(Command c) {
        if (c instanceof Put p) {
            return p.key();
        } else if (c instanceof Append a) {
            return a.key();
        } else if (c instanceof Delete d) {
            return d.key();
        } else if (c instanceof CompareAndSet cas) {
            return cas.key();
        } else if (c instanceof Get g) {
            return g.key();
        }
        throw new IllegalArgumentException("unknown command " + c.getClass().getName());
    }
}
