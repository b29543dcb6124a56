package io.eraft.dist.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs an image's {@code eraft} launcher as a user does, one command per process. */
public final class ImageCli {
    /** What a command did: its exit status and its stdout and stderr together. */
    public record Result(int exit, String out) {
    }

    private ImageCli() {
    }

    static Result eraft(String... args) throws IOException, InterruptedException {
        return run(ServerProcess.IMAGE, null, args);
    }

    /**
     * Runs {@code bin/eraft args} of {@code image} in {@code dir} (null: this process's), without the environment's
     * JVM options or plugins directory.
     */
    public static Result run(Path image, Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(image.resolve("bin/eraft").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("ERAFT_PLUGINS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "eraft " + String.join(" ", args) + " did not exit: " + out);
        return new Result(p.exitValue(), out);
    }
}
