package io.eraft.dist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationConverterTest {
    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"500ms,500", "10s,10000", "1.5s,1500", "2m,120000", "1h,3600000", "7,7000", "0,0"})
    void readsDurationsWithUnits(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), new DurationConverter().convert(text));
    }

    @Test
    void refusesTextThatIsNoDurationAndShowsTheForm() {
        var e = assertThrows(CommandLine.TypeConversionException.class, () -> new DurationConverter().convert("soon"));
        assertTrue(e.getMessage().contains("'soon'") && e.getMessage().contains("10s"), e.getMessage());
    }
}
