package io.eraft.dist.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the plugins are: {@code --plugins DIR} (taken out of the arguments before the command sees them, so every
 * command accepts it), else the environment variable {@code ERAFT_PLUGINS}, else {@code <image>/plugins} when running
 * from the image.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public record PluginsDirectory(Optional<Path> directory, boolean explicit, String[] remainingArguments) {
    public static final String OPTION = "--plugins";
    public static final String ENV = "ERAFT_PLUGINS";

    /**
     * Takes {@code --plugins DIR} or {@code --plugins=DIR} out of {@code args} and decides the directory.
     *
     * @throws IllegalArgumentException when the option has no value, is given twice, or names a directory that does
     *                                  not exist (a default directory that does not exist just holds no plugin)
     */
    public static PluginsDirectory resolve(String[] args, Map<String, String> env, boolean fromImage,
                                           Path runtimeHome) {
        List<String> rest = new ArrayList<>();
        String given = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.equals("--")) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            } else if (arg.equals(OPTION)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(OPTION + " needs a directory");
                }
                value = args[++i];
            } else if (arg.startsWith(OPTION + "=")) {
                value = arg.substring(OPTION.length() + 1);
            } else {
                rest.add(arg);
                continue;
            }
            if (given != null) {
                throw new IllegalArgumentException(OPTION + " given twice: " + given + " and " + value);
            }
            given = value;
        }
        String[] remaining = rest.toArray(String[]::new);
        String fromEnv = env.get(ENV);
        if (given != null || (fromEnv != null && !fromEnv.isBlank())) {
            String source = given != null ? OPTION : ENV;
            Path dir = Path.of(given != null ? given : fromEnv);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the plugins directory " + dir + " (" + source
                        + ") does not exist or is not a directory");
            }
            return new PluginsDirectory(Optional.of(dir), true, remaining);
        }
        if (fromImage) {
            return new PluginsDirectory(Optional.of(runtimeHome.resolve("plugins")), false, remaining);
        }
        return new PluginsDirectory(Optional.empty(), false, remaining);
    }
}
