package io.eraft.api;

import io.eraft.api.codec.Codec;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.transport.TransportProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Plugins: module layers, each a child of the boot layer, whose providers {@link Providers} finds as it finds the
 * built-in ones. A launcher resolves a plugin's modules into a layer and {@link #add adds} it; a plugin it could not
 * load is {@link #refuse refused} with the reason, so a lookup of a provider that is not there can say why.
 * <p>Each SPI lookup of eRaft ({@link #SPIS}) goes through this module, which declares {@code uses} for them.
 */
public final class PluginLayers {
    /**
     * One service of eRaft as plugins and {@code eraft plugins} see it.
     *
     * @param kind   what a provider of it is called in listings and messages ({@code store}, {@code codec}, ...)
     * @param type   the service interface
     * @param nameOf a provider's name, the one lookups by name use
     */
    public record Service<S>(String kind, Class<S> type, Function<S, String> nameOf) {
        public Service {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(nameOf, "nameOf");
        }

        /** The name of {@code provider}, a provider of this service. */
        public String nameOfProvider(Object provider) {
            return nameOf.apply(type.cast(provider));
        }
    }

    /** The services of eRaft a plugin may provide, in the order listings show them. */
    public static final List<Service<?>> SERVICES = List.of(
            new Service<>("store", StoreProvider.class, StoreProvider::name),
            new Service<>("codec", Codec.class, Codec::name),
            new Service<>("transport", TransportProvider.class, TransportProvider::name),
            new Service<>("log", LogStoreProvider.class, LogStoreProvider::name),
            new Service<>("raft", RaftProvider.class, RaftProvider::name));

    /** The service interfaces of eRaft, which a plugin may provide. */
    public static final List<Class<?>> SPIS = SERVICES.stream().<Class<?>>map(Service::type).toList();

    /** A plugin whose layer was added. */
    public record Plugin(String name, ModuleLayer layer) {
        public Plugin {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(layer, "layer");
        }
    }

    /** A plugin that was not added, and why. */
    public record Refusal(String name, String reason) {
        public Refusal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static final List<Plugin> PLUGINS = new CopyOnWriteArrayList<>();
    private static final List<Refusal> REFUSALS = new CopyOnWriteArrayList<>();

    private PluginLayers() {
    }

    /**
     * Adds plugin {@code name}'s layer after instantiating every eRaft provider it declares, so a provider that throws
     * refuses the whole plugin here, at start, rather than at its first lookup.
     *
     * @return how many providers the layer declares, by SPI simple name (SPIs it provides nothing for are absent)
     * @throws PluginRefusedException naming the plugin, the provider and what it threw; or naming the provider and
     *                                 who provides its name already, when the image, an earlier plugin or the plugin
     *                                 itself has one of that kind and name; or when the layer provides
 *                                 none of eRaft's services; the layer is then not added
     */
    public static Map<String, Integer> add(String name, ModuleLayer layer) {
        Plugin plugin = new Plugin(name, layer);
        if (PLUGINS.stream().anyMatch(p -> p.name().equals(name))) {
            throw new PluginRefusedException(name, "a plugin of that name is loaded already");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Service<?> service : SERVICES) {
            List<?> provided = instantiateAll(plugin, service.type());
            refuseTakenNames(plugin, service, provided);
            if (!provided.isEmpty()) {
                counts.put(service.type().getSimpleName(), provided.size());
            }
        }
        if (counts.isEmpty()) {
            throw new PluginRefusedException(name, "it provides none of eRaft's services ("
                    + SPIS.stream().map(Class::getName).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        PLUGINS.add(plugin);
        return counts;
    }

    /** Records that plugin {@code name} was not loaded, and why; lookups that find no provider mention it. */
    public static void refuse(String name, String reason) {
        REFUSALS.add(new Refusal(name, reason));
    }

    /** The plugins added, in the order they were. */
    public static List<Plugin> plugins() {
        return List.copyOf(PLUGINS);
    }

    /** The plugins refused, in the order they were. */
    public static List<Refusal> refusals() {
        return List.copyOf(REFUSALS);
    }

    /** The plugin {@code module} belongs to, or empty for a module of the boot layer (or the class path). */
    public static Optional<String> pluginOf(Module module) {
        ModuleLayer layer = module.getLayer();
        return PLUGINS.stream().filter(p -> p.layer() == layer).map(Plugin::name).findFirst();
    }

    /** Forgets every plugin and refusal (for tests; a launcher adds plugins once, at start). */
    public static void clear() {
        PLUGINS.clear();
        REFUSALS.clear();
    }

    /** Every provider of {@code spi} declared by a module of a plugin's own layer (not its parents'). */
    static <S> List<S> providersIn(Plugin plugin, Class<S> spi) {
        List<S> out = new ArrayList<>();
        ServiceLoader.load(plugin.layer(), spi).stream()
                .filter(p -> p.type().getModule().getLayer() == plugin.layer())
                .forEach(p -> out.add(p.get()));
        return out;
    }

    private static List<?> instantiateAll(Plugin plugin, Class<?> spi) {
        try {
            return providersIn(plugin, spi);
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PluginRefusedException(plugin.name(), "a " + spi.getSimpleName() + " it provides failed to load: "
                    + e.getMessage() + (cause != e ? " (" + cause + ")" : ""));
        }
    }

    /**
     * Refuses {@code plugin} when a provider of {@code service} it declares has the name of one the image or an
     * earlier plugin provides, or of another of its own: a lookup by name would find only the first, and the other
     * would be ignored without a word.
     */
    private static void refuseTakenNames(Plugin plugin, Service<?> service, List<?> provided) {
        if (provided.isEmpty()) {
            return;
        }
        Map<String, String> taken = new LinkedHashMap<>();
        for (Object p : Providers.all(service.type())) { // the image's and the earlier plugins' (not this one's yet)
            Module module = p.getClass().getModule();
            taken.putIfAbsent(service.nameOfProvider(p), pluginOf(module).map(name -> "plugin '" + name + "'")
                    .orElse(module.isNamed() ? "module " + module.getName() + " of the image" : "the image"));
        }
        for (Object p : provided) {
            String name = service.nameOfProvider(p);
            String owner = taken.putIfAbsent(name, "plugin '" + plugin.name() + "' itself");
            if (owner != null) {
                throw new PluginRefusedException(plugin.name(), "it provides " + service.kind() + " '" + name
                        + "' (" + p.getClass().getName() + "), which " + owner + " provides already; a lookup by "
                        + "name would find only one of them, so rename one");
            }
        }
    }
}
