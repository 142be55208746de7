package io.aionet.nio;

import java.nio.channels.spi.AsynchronousChannelProvider;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle: the behaviour suite against the JDK's own provider ({@code sun.nio.ch}). aionet's
 * provider is registered as a service, so the JDK's is selected by its property before the first use
 * of {@link AsynchronousChannelProvider#provider()} in this JVM.
 */
// The suite uses the provider's default channel group, which lives as long as the process (the JDK's
// and aionet's alike: its loops are never shut down), so its descriptors outlive the class by design.
@io.aionet.testing.AllowsLeaks
class JdkProviderBehaviourTest extends AsyncChannelBehaviour {
    private static final AsynchronousChannelProvider JDK;

    static {
        String key = "java.nio.channels.spi.AsynchronousChannelProvider";
        String before = System.getProperty(key);
        System.setProperty(key, "sun.nio.ch.LinuxAsynchronousChannelProvider");
        try {
            JDK = AsynchronousChannelProvider.provider();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    static AsynchronousChannelProvider jdk() {
        assertTrue(JDK.getClass().getName().startsWith("sun.nio.ch."),
                "the JDK's provider was not selected (something used NIO.2 earlier in this JVM): " + JDK);
        return JDK;
    }

    @Override
    AsynchronousChannelProvider provider() {
        return jdk();
    }
}
