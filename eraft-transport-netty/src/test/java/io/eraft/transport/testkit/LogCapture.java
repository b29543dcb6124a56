package io.eraft.transport.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects what is logged (slf4j-simple writes to {@code System.err}, which it looks up on every line) while it is
 * open, still passing it on. Tests run one at a time in this module, so swapping the stream is safe.
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** The captured lines that contain {@code fragment}. */
    public java.util.List<String> linesWith(String fragment) {
        return text().lines().filter(line -> line.contains(fragment)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
