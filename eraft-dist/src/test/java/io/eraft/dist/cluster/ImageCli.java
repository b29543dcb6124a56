package io.eraft.dist.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the image's {@code eraft} launcher as a user does, one command per process. */
final class ImageCli {
    /** What a command did: its exit status and its stdout and stderr together. */
    record Result(int exit, String out) {
    }

    private ImageCli() {
    }

    static Result eraft(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.IMAGE.resolve("bin/eraft").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "eraft " + String.join(" ", args) + " did not exit: " + out);
        return new Result(p.exitValue(), out);
    }
}
