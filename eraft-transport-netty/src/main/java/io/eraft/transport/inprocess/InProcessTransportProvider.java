package io.eraft.transport.inprocess;

import io.eraft.api.settings.Setting;
import io.eraft.api.settings.SettingException;
import io.eraft.api.settings.Settings;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportProvider;

import java.util.List;

/**
 * The {@code inprocess} transport: joins {@link TransportConfig#self()} to a shared {@link InProcessNetwork} as
 * {@link InProcessNetwork#join(TransportConfig)} does: in the config's cluster and role, with the nodes of its
 * address map (their addresses are ignored) as the members it admits as peers. Options:
 * <ul>
 *   <li>{@code network}: the network's name (default {@code default}); nodes on the same network talk;</li>
 *   <li>{@code seed}: a long, the seed of the network's random faults if this call creates the network (default
 *   0); naming a seed that differs from an existing network's is an error.</li>
 * </ul>
 */
public final class InProcessTransportProvider implements TransportProvider {
    /** This provider's name. */
    public static final String NAME = "inprocess";
    /** Option: the name of the shared network to join. */
    public static final String NETWORK = "network";
    /** Option: the seed of the network's random choices. */
    public static final String SEED = "seed";
    /** The network joined when the option {@code network} is absent. */
    public static final String DEFAULT_NETWORK = "default";

    private static final Setting<String> NETWORK_SETTING = Setting.text(NETWORK, DEFAULT_NETWORK, "a name",
            "the shared in-process network to join");
    private static final Setting<Long> SEED_SETTING = Setting.longValue(SEED, 0, Long.MIN_VALUE, Long.MAX_VALUE,
            "the seed of the network's random choices (default: the network's own)");
    private static final List<Setting<?>> SETTINGS = List.of(NETWORK_SETTING, SEED_SETTING);

    /** For {@link java.util.ServiceLoader}. */
    public InProcessTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return SETTINGS;
    }

    /**
     * @throws TransportException for an unknown or bad option, or when the node already has a live transport on the
     *                            network (the in-process analogue of a port in use)
     */
    @Override
    public Transport create(TransportConfig config) {
        Settings options;
        try {
            options = Settings.parse(SETTINGS, config.options());
        } catch (SettingException e) {
            throw new TransportException("transport '" + NAME + "': " + e.getMessage(), e);
        }
        String networkName = options.get(NETWORK_SETTING);
        if (networkName.isBlank()) {
            throw new TransportException("option '" + NETWORK + "' of transport '" + NAME + "' is blank");
        }
        InProcessNetwork network = options.isGiven(SEED_SETTING)
                ? withSeed(networkName, options.get(SEED_SETTING))
                : InProcessNetwork.named(networkName);
        try {
            return network.join(config);
        } catch (IllegalStateException e) {
            throw new TransportException(e.getMessage(), e);
        }
    }

    private static InProcessNetwork withSeed(String networkName, long seed) {
        InProcessNetwork network = InProcessNetwork.named(networkName, seed);
        if (network.seed() != seed) {
            throw new TransportException("in-process network '" + networkName + "' already exists with seed "
                    + network.seed() + ", not " + seed);
        }
        return network;
    }
}
