package io.eraft.dist.check;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultTest {
    @Test
    void faultListsParseByLabelAllAndNone() {
        assertEquals(EnumSet.allOf(Fault.class), Fault.parse("all"));
        assertEquals(EnumSet.noneOf(Fault.class), Fault.parse("none"));
        assertEquals(EnumSet.of(Fault.KILL, Fault.DAMAGE_TAIL), Fault.parse("kill, damage-tail"));
        assertEquals(EnumSet.of(Fault.FOREIGN, Fault.FORGED), Fault.parse("foreign,forged"));
        assertTrue(Fault.parse("all").contains(Fault.FORGED), "all includes the forged messages");
    }

    @Test
    void anUnknownFaultIsRefusedListingTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Fault.parse("kill,reboot"));
        assertTrue(e.getMessage().contains("unknown fault 'reboot'")
                && e.getMessage().contains("kill, pause, partition, damage-tail, foreign, forged, all or none"),
                e.getMessage());
    }

    @Test
    void theLauncherPrefixEndsAtTheMainModule() {
        assertEquals(java.util.List.of("/img/bin/java", "-Xmx1g", "-m", "io.eraft.dist/io.eraft.dist.Main"),
                ServerLauncher.prefix("/img/bin/java", new String[] {"-Xmx1g", "-m",
                        "io.eraft.dist/io.eraft.dist.Main", "check", "--local", "3"}));
        assertThrows(IllegalStateException.class,
                () -> ServerLauncher.prefix("/usr/bin/java", new String[] {"-jar", "other.jar"}));
    }
}
