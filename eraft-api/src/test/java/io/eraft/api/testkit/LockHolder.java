package io.eraft.api.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process that holds a file lock the way an eRaft store does (an exclusive lock on the whole file through
 * a FileChannel), until it is closed. Runs a small Java source file with the JDK running the tests.
 */
public final class LockHolder implements AutoCloseable {
    private static final String SOURCE = String.join("\n",
            "import java.nio.channels.FileChannel;",
            "import java.nio.file.*;",
            "public class HoldLock {",
            "  public static void main(String[] a) throws Exception {",
            "    try (FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE,",
            "        StandardOpenOption.WRITE); var lock = ch.lock()) {",
            "      System.out.println(\"locked\");",
            "      System.out.flush();",
            "      System.in.read();",
            "    }",
            "  }",
            "}");

    private final Process process;

    private LockHolder(Process process) {
        this.process = process;
    }

    /** Starts the process and waits until it holds the lock on {@code lockFile}. */
    public static LockHolder lock(Path lockFile, Path workDir) throws IOException {
        Path source = workDir.resolve("HoldLock.java");
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, source.toString(), lockFile.toString()))
                .redirectErrorStream(true).start();
        // The JVM may print warnings first (a loaded machine, JAVA_TOOL_OPTIONS): wait for the line itself.
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder before = new StringBuilder();
        for (String line = out.readLine(); !"locked".equals(line); line = out.readLine()) {
            if (line == null) {
                p.destroyForcibly();
                throw new IOException("lock holder did not start: " + before);
            }
            before.append(line).append('\n');
        }
        return new LockHolder(p);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Lets the process release the lock and exit; kills it if it has not exited within 30 s. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
