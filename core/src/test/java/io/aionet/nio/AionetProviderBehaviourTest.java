package io.aionet.nio;

import org.junit.jupiter.api.Test;

import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour suite against aionet's provider, and its registration as a service. */
class AionetProviderBehaviourTest extends AsyncChannelBehaviour {
    private static final AsynchronousChannelProvider AIONET = new AionetAsynchronousChannelProvider();

    @Override
    AsynchronousChannelProvider provider() {
        return AIONET;
    }

    @Test
    void serviceLoaderFindsTheProvider() {
        boolean found = ServiceLoader.load(AsynchronousChannelProvider.class).stream()
                .anyMatch(p -> p.type() == AionetAsynchronousChannelProvider.class);
        assertTrue(found, "META-INF/services does not name the provider");
    }
}
