package io.eraft.dist.check;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogAuditTest {
    @Test
    void everyAcknowledgedTokenOnceIsClean() {
        var f = LogAudit.audit("k", "0.1;1.1;0.2;", List.of("0.1;", "0.2;", "1.1;"), Set.of("0.1;", "0.2;", "1.1;"));
        assertTrue(f.clean());
    }

    @Test
    void anUnacknowledgedTokenMayBeThereOrNot() {
        assertTrue(LogAudit.audit("k", "0.1;0.2;", List.of("0.1;"), Set.of("0.1;", "0.2;")).clean());
        assertTrue(LogAudit.audit("k", "0.1;", List.of("0.1;"), Set.of("0.1;", "0.2;")).clean());
    }

    @Test
    void aMissingAcknowledgedTokenIsLostADoubledOneDuplicatedAndAnUnsentOnePhantom() {
        var f = LogAudit.audit("k", "0.1;0.1;9.9;", List.of("0.1;", "0.2;"), Set.of("0.1;", "0.2;"));
        assertEquals(List.of("0.2;"), f.lost());
        assertEquals(List.of("0.1;"), f.duplicated());
        assertEquals(List.of("9.9;"), f.phantom());
    }

    @Test
    void anAbsentKeyLosesEveryAcknowledgedToken() {
        assertEquals(List.of("0.1;"), LogAudit.audit("k", null, List.of("0.1;"), Set.of("0.1;")).lost());
    }
}
