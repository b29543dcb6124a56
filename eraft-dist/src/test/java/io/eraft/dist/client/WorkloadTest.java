package io.eraft.dist.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTest {
    private static String key(int i) {
        return new String(Workload.key(i), StandardCharsets.US_ASCII);
    }

    @Test
    void keysAreSixteenBytesOfPrefixAndZeroPaddedNumberLikeTheEtcdHarnessKeys() {
        assertEquals("key-000000000000", key(0));
        assertEquals("key-000000099999", key(99_999));
        assertEquals("key-002147483647", key(Integer.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 10_000; n++) {
            int i = random.nextInt(Integer.MAX_VALUE);
            byte[] k = Workload.key(i);
            assertEquals(Workload.KEY_BYTES, k.length);
            assertArrayEquals(String.format(Locale.ROOT, "key-%012d", i).getBytes(StandardCharsets.US_ASCII), k);
        }
    }

    @Test
    void negativeKeyNumberIsRefusedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.key(-1));
        assertEquals("key numbers start at 0, got -1", e.getMessage());
    }

    @Test
    void nextKeyStaysWithinTheConfiguredKeysAndTheSameSeedGivesTheSameStream() {
        Workload a = new Workload(42, 10, 8, 0.5);
        Workload b = new Workload(42, 10, 8, 0.5);
        for (int n = 0; n < 1000; n++) {
            byte[] k = a.nextKey();
            assertArrayEquals(k, b.nextKey());
            int i = Integer.parseInt(new String(k, 4, 12, StandardCharsets.US_ASCII));
            assertTrue(i >= 0 && i < 10, "key number " + i);
        }
    }
}
