package io.eraft.transport.netty;

import io.eraft.api.Providers;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.inprocess.InProcessTransportProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NettyTransportProviderTest {

    @Test
    void serviceLoaderFindsTheProviderByName() {
        TransportProvider provider = TransportProvider.byName("netty");

        assertInstanceOf(NettyTransportProvider.class, provider);
        assertEquals("netty", provider.name());
    }

    @Test
    void serviceLoaderFindsBothProvidersOfThisModule() {
        List<String> names = Providers.all(TransportProvider.class).stream()
                .map(TransportProvider::name).sorted().toList();

        assertTrue(names.containsAll(List.of("inprocess", "netty")), names.toString());
    }

    @Test
    void moduleDescriptorAndClassPathServiceFileBothNameTheProvider() throws IOException {
        Module module = NettyTransportProvider.class.getModule();
        ModuleDescriptor descriptor = module.getDescriptor();
        assertNotNull(descriptor, "the tests run on the module path");
        assertTrue(descriptor.provides().stream()
                .filter(p -> p.service().equals(TransportProvider.class.getName()))
                .anyMatch(p -> p.providers().equals(List.of(InProcessTransportProvider.class.getName(),
                        NettyTransportProvider.class.getName()))), descriptor.provides().toString());
        try (InputStream in = module.getResourceAsStream("META-INF/services/" + TransportProvider.class.getName())) {
            assertNotNull(in, "META-INF/services file is missing");
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            assertEquals(List.of(InProcessTransportProvider.class.getName(), NettyTransportProvider.class.getName()),
                    lines);
        }
    }
}
