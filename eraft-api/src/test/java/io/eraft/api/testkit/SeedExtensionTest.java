package io.eraft.api.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs small test classes through the JUnit launcher and looks at the seeds they got and the failures reported. */
class SeedExtensionTest {
    private static final List<TestSeed> SEEN = new ArrayList<>();

    /** Not run by surefire (a nested class); the launcher below runs it. */
    @ExtendWith(SeedExtension.class)
    static class FailsWithItsSeed {
        @Test
        void fails(TestSeed seed) {
            SEEN.add(seed);
            throw new AssertionError("broken invariant");
        }
    }

    @ExtendWith(SeedExtension.class)
    static class NamesItsSeedItself {
        @Test
        void fails(TestSeed seed) {
            SEEN.add(seed);
            throw new AssertionError("lost a write [" + seed.replayHint() + "]");
        }
    }

    private static Throwable runAndGetTheFailure(Class<?> testClass) {
        SEEN.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(testClass)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTotalFailureCount(), "the inner test ran and failed once");
        return summary.getFailures().get(0).getException();
    }

    @AfterEach
    void clearReplayProperty() {
        System.clearProperty(TestSeed.PROPERTY);
    }

    @Test
    void failureOfATestIsReportedWithItsSeedAndHowToReplayIt() {
        Throwable failure = runAndGetTheFailure(FailsWithItsSeed.class);
        assertEquals(1, SEEN.size());
        long seed = SEEN.get(0).value();
        assertTrue(failure.getMessage().contains("seed=" + seed + " (replay: -D" + TestSeed.PROPERTY + "=" + seed)
                && failure.getMessage().contains("broken invariant"), failure.getMessage());
        assertEquals("broken invariant", failure.getCause().getMessage(), "the original failure is the cause");
    }

    @Test
    void replayPropertyGivesTheTestThatSeed() {
        System.setProperty(TestSeed.PROPERTY, "4242");
        Throwable failure = runAndGetTheFailure(FailsWithItsSeed.class);
        assertEquals(List.of(new TestSeed(4242)), SEEN);
        assertTrue(failure.getMessage().contains("seed=4242"), failure.getMessage());
    }

    @Test
    void failureThatAlreadyNamesTheSeedIsReportedUnchanged() {
        System.setProperty(TestSeed.PROPERTY, "77");
        Throwable failure = runAndGetTheFailure(NamesItsSeedItself.class);
        assertEquals("lost a write [seed=77 (replay: -D" + TestSeed.PROPERTY + "=77)]", failure.getMessage());
    }
}
