package io.eraft.shardkv.kv;

import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.raft.RaftConfig;
import io.eraft.shardkv.codec.ProtobufCodec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one documented set of limits: what each check refuses, and that the defaults fit Raft's default entry. */
class KvLimitsTest {
    private static final ProtobufCodec CODEC = new ProtobufCodec();
    private static final KvLimits LIMITS = KvLimits.DEFAULT;

    @Test
    void theDefaultsAre500ByteKeysAnd500KiBValues() {
        assertEquals(500, LIMITS.maxKeyBytes());
        assertEquals(512_000, LIMITS.maxValueBytes());
    }

    @Test
    void theEmptyKeyIsRefusedByEveryCommandThatNamesAKey() {
        String problem = LIMITS.keyProblem(new byte[0]);
        assertTrue(problem.contains("the empty key is not allowed: a key has 1 to 500 bytes"), problem);
        assertEquals(problem, LIMITS.commandProblem(new Get(1, 1, new byte[0])));
        assertEquals(problem, LIMITS.commandProblem(new Delete(1, 1, new byte[0])));
        KvRequestRejectedException e = assertThrows(KvRequestRejectedException.class,
                () -> LIMITS.checkKey(new byte[0]));
        assertEquals(problem, e.getMessage());
        assertNull(LIMITS.keyProblem(new byte[1]), "a one-byte key is fine");
    }

    @Test
    void aCompareAndSetIsCheckedPerOperandSoTwoOperandsAtTheLimitPass() {
        byte[] atLimit = new byte[512_000];
        assertNull(LIMITS.commandProblem(new CompareAndSet(1, 1, new byte[500], atLimit, atLimit)));
        String problem = LIMITS.commandProblem(new CompareAndSet(1, 1, new byte[1], new byte[512_001], atLimit));
        assertEquals("expected value of 512001 bytes is over the limit of 512000 bytes (kv.max-value-bytes)", problem);
        problem = LIMITS.commandProblem(new CompareAndSet(1, 1, new byte[1], atLimit, new byte[512_001]));
        assertEquals("new value of 512001 bytes is over the limit of 512000 bytes (kv.max-value-bytes)", problem);
    }

    @Test
    void theLargestCommandTheDefaultsAllowFitsTheDefaultRaftEntry() {
        long max = RaftConfig.defaults().maxAppendBytes();
        LIMITS.requireFits(max, c -> CODEC.encodeCommand(c).length, "test");
        long largest = CODEC.encodeCommand(LIMITS.largestCommand()).length;
        assertTrue(largest > 2L * 512_000 + 500 && largest <= max, "largest command: " + largest + " bytes");
    }

    @Test
    void limitsThatDoNotFitTheRaftEntryAreRefusedNamingTheSettingAndTheSizeNeeded() {
        long needed = CODEC.encodeCommand(LIMITS.largestCommand()).length;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LIMITS.requireFits(needed - 1, c -> CODEC.encodeCommand(c).length, "KV server g/n1"));
        assertTrue(e.getMessage().startsWith("KV server g/n1: raft.max-append-bytes is " + (needed - 1) + " bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("raise raft.max-append-bytes to at least " + needed), e.getMessage());
        LIMITS.requireFits(needed, c -> CODEC.encodeCommand(c).length, "exactly enough");
    }
}
