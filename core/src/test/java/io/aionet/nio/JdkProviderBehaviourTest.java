package io.aionet.nio;

import java.nio.channels.spi.AsynchronousChannelProvider;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle: the behaviour suite against the JDK's own provider ({@code sun.nio.ch}). aionet's
 * provider is registered as a service, so the JDK's is selected by its property before the first use
 * of {@link AsynchronousChannelProvider#provider()} in this JVM.
 */
// Not leak-checked: the JDK's own channels leak a descriptor each time a shut-down group refuses them
// (sun.nio.ch.UnixAsynchronousSocketChannelImpl and ...ServerSocketChannelImpl open the socket, then
// Port.register throws ShutdownChannelGroupException and nothing closes it), which the suite provokes
// twice. aionet's provider closes it (AionetProviderBehaviourTest is leak-checked).
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
