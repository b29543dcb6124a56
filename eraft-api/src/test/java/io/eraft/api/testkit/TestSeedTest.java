package io.eraft.api.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestSeedTest {

    @AfterEach
    void clearReplayProperty() {
        System.clearProperty(TestSeed.PROPERTY);
    }

    @Test
    void sameSeedAndStreamGiveTheSameSequenceAndOtherStreamsAnother() {
        TestSeed seed = new TestSeed(7);
        assertEquals(seed.random(3).nextLong(), new TestSeed(7).random(3).nextLong());
        assertEquals(seed.derive(3), new TestSeed(7).derive(3));
        assertNotEquals(seed.derive(3), seed.derive(4));
        assertNotEquals(seed.derive(3), new TestSeed(8).derive(3));
    }

    @Test
    void replayPropertyChoosesTheSeed() {
        System.setProperty(TestSeed.PROPERTY, " -123 ");
        assertEquals(new TestSeed(-123), TestSeed.resolve());
    }

    @Test
    void withoutTheReplayPropertyEachRunGetsAFreshSeed() {
        assertNotEquals(TestSeed.resolve(), TestSeed.resolve(), "two random longs were equal (or seeds are fixed)");
    }

    @Test
    void malformedReplayPropertyIsRefusedNamingThePropertyAndValue() {
        System.setProperty(TestSeed.PROPERTY, "twelve");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TestSeed::resolve);
        assertTrue(e.getMessage().contains(TestSeed.PROPERTY) && e.getMessage().contains("twelve"), e.getMessage());
    }

    @Test
    void replayHintTellsTheCommandLineFlag() {
        assertEquals("seed=5 (replay: -Deraft.test.seed=5)", new TestSeed(5).replayHint());
        assertEquals("5", new TestSeed(5).toString());
    }
}
