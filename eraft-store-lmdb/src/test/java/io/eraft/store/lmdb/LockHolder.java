package io.eraft.store.lmdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process that holds a file lock the way an eRaft store does (an exclusive lock on the whole file through
 * a FileChannel), until it is closed. Runs a small Java source file with the JDK running the tests.
 */
final class LockHolder implements AutoCloseable {
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
    static LockHolder lock(Path lockFile, Path workDir) throws IOException {
        Path source = workDir.resolve("HoldLock.java");
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, source.toString(), lockFile.toString()))
                .redirectErrorStream(true).start();
        byte[] line = new byte["locked".length()];
        int n = p.getInputStream().readNBytes(line, 0, line.length);
        if (!"locked".equals(new String(line, 0, n, StandardCharsets.UTF_8))) {
            p.destroyForcibly();
            throw new IOException("lock holder did not start: " + new String(line, 0, n, StandardCharsets.UTF_8)
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new LockHolder(p);
    }

    boolean isAlive() {
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
