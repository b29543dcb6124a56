package io.eraft.api.spi.support;

import io.eraft.api.store.KeyRange;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shared key layout: its exact bytes (the stores' on-disk format) and its checks. */
class StoreKeySpaceTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void appliedIndexKeyIsZeroByteThenItsAsciiName() {
        assertArrayEquals(new byte[] {0, 'a', 'p', 'p', 'l', 'i', 'e', 'd', '-', 'i', 'n', 'd', 'e', 'x'},
                StoreKeySpace.appliedIndexKey());
    }

    @Test
    void appliedIndexKeyReturnsACopyThatCallersCannotCorrupt() {
        StoreKeySpace.appliedIndexKey()[1] = 'X';
        assertEquals('a', StoreKeySpace.appliedIndexKey()[1]);
    }

    @Test
    void dataKeyPrefixesTheUserKeyAndUserKeyStripsItAgain() {
        byte[] stored = StoreKeySpace.dataKey(bytes("k1"));
        assertArrayEquals(new byte[] {0x01, 'k', '1'}, stored);
        assertArrayEquals(bytes("k1"), StoreKeySpace.userKey(stored));
    }

    @Test
    void emptyUserKeyIsStoredAsTheBarePrefix() {
        assertArrayEquals(new byte[] {0x01}, StoreKeySpace.dataKey(new byte[0]));
        assertArrayEquals(new byte[0], StoreKeySpace.userKey(new byte[] {0x01}));
    }

    @Test
    void unboundedRangeCoversExactlyTheDataPrefix() {
        assertArrayEquals(new byte[] {0x01}, StoreKeySpace.start(KeyRange.all()));
        assertArrayEquals(new byte[] {0x02}, StoreKeySpace.end(KeyRange.all()));
    }

    @Test
    void boundedRangeMapsBothEndsIntoTheDataPrefix() {
        KeyRange range = KeyRange.between(bytes("a"), bytes("c"));
        assertArrayEquals(new byte[] {0x01, 'a'}, StoreKeySpace.start(range));
        assertArrayEquals(new byte[] {0x01, 'c'}, StoreKeySpace.end(range));
    }

    @Test
    void indexIsEncodedAsEightBytesBigEndianAndDecodedBack() {
        byte[] encoded = StoreKeySpace.encodeIndex(0x0102030405060708L);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, encoded);
        assertEquals(0x0102030405060708L, StoreKeySpace.decodeIndex(encoded, "test store"));
    }

    @Test
    void missingIndexRecordDecodesAsZero() {
        assertEquals(0, StoreKeySpace.decodeIndex(null, "test store"));
    }

    @Test
    void indexRecordOfWrongLengthIsReportedAsCorruptionNamingTheStore() {
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class,
                () -> StoreKeySpace.decodeIndex(new byte[3], "test store /d"));
        assertEquals("test store /d: the applied index record has 3 bytes, expected 8", e.getMessage());
    }

    @Test
    void increasingKeysAndTheFirstKeyAreAccepted() {
        assertDoesNotThrow(() -> StoreKeySpace.requireIncreasing(null, bytes("a"), "test store"));
        assertDoesNotThrow(() -> StoreKeySpace.requireIncreasing(bytes("a"), bytes("b"), "test store"));
    }

    @Test
    void repeatedOrDecreasingKeysAreRejectedNamingBothKeys() {
        StoreException repeated = assertThrows(StoreException.class,
                () -> StoreKeySpace.requireIncreasing(bytes("b"), bytes("b"), "test store /d"));
        StoreException decreasing = assertThrows(StoreException.class,
                () -> StoreKeySpace.requireIncreasing(bytes("b"), bytes("a"), "test store /d"));
        assertEquals("test store /d: installSnapshot entries must be in strictly increasing key order, but a came "
                + "after b", decreasing.getMessage());
        assertEquals("test store /d: installSnapshot entries must be in strictly increasing key order, but b came "
                + "after b", repeated.getMessage());
    }
}
