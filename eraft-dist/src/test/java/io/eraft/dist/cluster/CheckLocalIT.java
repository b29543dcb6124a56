package io.eraft.dist.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eraft check --local 3} from the image: it starts three servers, injects every kind of fault while eight
 * clients run, and judges the history: the product must pass its own check, with every fault kind injected and
 * every acknowledged write found, and every forged Raft message refused. 75 s of load: each fault waits for its
 * restarted server to serve again, and all six kinds must fit on a loaded 2-core machine.
 */
@Timeout(480)
class CheckLocalIT {
    @Test
    void theBuiltInCheckWithEveryFaultKindPassesAndLosesNothing(@TempDir Path dir) throws Exception {
        ImageCli.Result r = ImageCli.eraft("check", "--local", "3", "--duration", "75s", "--keys", "40", "--check-timeout", "240s",
                "--faults", "all",
                "--seed", "20261204", "--work-dir", dir.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("acknowledged writes lost: 0, duplicated: 0"), r.out());
        assertTrue(r.out().contains("checker: LINEARIZABLE") && r.out().contains("verdict: PASS"), r.out());
        Matcher ops = Pattern.compile("operations: (\\d+) \\(ok (\\d+)").matcher(r.out());
        assertTrue(ops.find(), r.out());
        assertTrue(Long.parseLong(ops.group(2)) > 500, "acknowledged operations: " + ops.group(2));
        Matcher faults = Pattern.compile("(?m)^faults: \\d+ \\((.*)\\)$").matcher(r.out());
        assertTrue(faults.find(), r.out());
        for (String kind : new String[] {"kill n", "pause n", "partition n", "damage-tail n", "foreign", "forged"}) {
            assertTrue(faults.group(1).contains(kind), "fault " + kind + " was injected: " + r.out());
        }
        assertTrue(Files.exists(dir.resolve("check-history.txt")));
        String servers = Files.readString(dir.resolve("n1.log")) + Files.readString(dir.resolve("n2.log"))
                + Files.readString(dir.resolve("n3.log"));
        // The garbage lands on the last segment: recovery cuts it as a torn tail, or, when that segment holds no
        // entry yet (just started by a roll or a snapshot reset), deletes the unfinished segment whole.
        assertTrue(servers.contains("cut the torn tail") || servers.contains("a crash interrupted its creation"),
                "a torn tail was cut (or an unfinished last segment deleted) at a restart");
        assertTrue(servers.contains("wrong cluster"), "the servers refused the foreign node's hellos");
        assertTrue(r.out().contains("note: foreign node served for"), r.out());
        Matcher forged = Pattern.compile("note: forged: (\\d+) crafted Raft messages sent, (\\d+) refused; highest "
                + "term (-?\\d+) -> (-?\\d+)").matcher(r.out());
        assertTrue(forged.find(), r.out());
        assertEquals(12, Integer.parseInt(forged.group(1)), "four forgeries to each of three servers: " + r.out());
        assertEquals(forged.group(1), forged.group(2), "every forged message was refused: " + r.out());
        assertTrue(Long.parseLong(forged.group(4)) < 1_000, "no forged term reached the group: " + r.out());
    }
}
