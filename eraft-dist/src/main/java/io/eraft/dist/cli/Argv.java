package io.eraft.dist.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line as the bytes the user gave. The JVM decodes {@code argv} with the platform's encoding and turns
 * bytes it cannot decode into U+FFFD (or '?'), so two different byte strings could name the same key. On Linux the
 * raw bytes are in {@code /proc/self/cmdline}: each argument is decoded from them as strict UTF-8, and an argument
 * that is not valid UTF-8 is refused, naming it and the byte options of {@code eraft kv}. Without
 * {@code /proc}, an argument holding U+FFFD is refused, since it may stand for bytes that were lost.
 */
final class Argv {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");
    private static final char REPLACEMENT = '\uFFFD';

    private Argv() {
    }

    /** The arguments of this process, checked and decoded from its raw command line when the system gives it. */
    static String[] ofProcess(String[] args) {
        byte[] raw;
        try {
            raw = Files.isReadable(CMDLINE) ? Files.readAllBytes(CMDLINE) : null;
        } catch (IOException | SecurityException e) {
            raw = null;
        }
        return decode(args, raw);
    }

    /**
     * Decodes {@code args} from {@code cmdline} (the NUL-terminated arguments of the whole process, whose last
     * {@code args.length} entries are these arguments), or checks them alone when {@code cmdline} is null or does
     * not end with as many entries.
     *
     * @throws IllegalArgumentException naming the first argument that is not valid UTF-8
     */
    static String[] decode(String[] args, byte[] cmdline) {
        List<byte[]> entries = cmdline == null ? null : split(cmdline);
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = entries == null || entries.size() < args.length
                    ? null : entries.get(entries.size() - args.length + i);
            out[i] = bytes == null ? checked(args[i], i) : strict(bytes, args[i], i);
        }
        return out;
    }

    private static String strict(byte[] bytes, String given, int index) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(given, index);
        }
    }

    private static String checked(String arg, int index) {
        if (arg.indexOf(REPLACEMENT) >= 0) {
            throw invalid(arg, index);
        }
        return arg;
    }

    private static IllegalArgumentException invalid(String arg, int index) {
        return new IllegalArgumentException("argument " + (index + 1) + " ('" + arg.replace(REPLACEMENT, '?')
                + "') is not valid UTF-8 text: eraft takes text arguments as UTF-8 and does not guess; for keys "
                + "and values that are not text use eraft kv --hex or --base64, or --value-file");
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                byte[] e = new byte[i - start];
                System.arraycopy(cmdline, start, e, 0, e.length);
                entries.add(e);
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            byte[] e = new byte[cmdline.length - start];
            System.arraycopy(cmdline, start, e, 0, e.length);
            entries.add(e);
        }
        return entries;
    }
}
