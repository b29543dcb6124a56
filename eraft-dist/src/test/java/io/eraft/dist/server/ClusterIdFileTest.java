package io.eraft.dist.server;

import io.eraft.api.cluster.ClusterId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster-id file of a data directory: recorded once a server has started, checked at every later start. */
class ClusterIdFileTest {
    private static final ClusterId A = ClusterId.parse("00000000000000aa");
    private static final ClusterId B = ClusterId.parse("00000000000000bb");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(ClusterIdFile.NAME);
    }

    @Test
    void aNewDirectoryNamesNoClusterUntilTheIdIsRecordedAndThenNamesThatOne() throws IOException {
        assertFalse(ClusterIdFile.check(dir, A, "n1", "derived"), "a new directory has no cluster yet");
        assertFalse(ClusterIdFile.check(dir, B, "n1", "derived"), "nor binds to one by being checked");
        ClusterIdFile.record(dir, A, "derived");
        assertEquals("00000000000000aa\n", Files.readString(file(), StandardCharsets.US_ASCII));
        assertFalse(Files.exists(dir.resolve(ClusterIdFile.NAME + ".tmp")), "no temporary file is left behind");
        assertTrue(ClusterIdFile.check(dir, A, "n1", "derived"));
    }

    @Test
    void aDataDirectoryOfAnotherClusterIsRefusedNamingBothIdsAndTheWayOut() throws IOException {
        ClusterIdFile.record(dir, A, "derived");
        var e = assertThrows(ConfigException.class, () -> ClusterIdFile.check(dir, B, "n1",
                "derived from cluster.token (--cluster-token) and peers (--peers)"));
        String m = e.getMessage();
        assertTrue(m.contains("data directory " + dir.toAbsolutePath() + " belongs to cluster 00000000000000aa"), m);
        assertTrue(m.contains("node n1 is configured for cluster 00000000000000bb (derived from cluster.token"), m);
        assertTrue(m.contains("--cluster-id 00000000000000aa"), m);
        assertEquals(A, ClusterIdFile.read(file()), "the refused start leaves the file as it was");
    }

    @Test
    void aDamagedFileIsRefusedNamingItInsteadOfBeingReplaced() throws IOException {
        Files.writeString(file(), "not an id\n");
        var e = assertThrows(ConfigException.class, () -> ClusterIdFile.check(dir, A, "n1", "derived"));
        assertTrue(e.getMessage().contains("cluster id file " + file().toAbsolutePath() + " is damaged"),
                e.getMessage());
        Files.writeString(file(), "0\n");
        assertThrows(ConfigException.class, () -> ClusterIdFile.check(dir, A, "n1", "derived"),
                "0 means 'not known', never a cluster");
        assertEquals("0\n", Files.readString(file()));
    }
}
