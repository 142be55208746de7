package io.aionet.event.spi;

import io.aionet.event.EventChannel;

import java.util.function.Function;

/**
 * The channel side of {@code io.aionet.event}, for the socket layer of this module only (the package is
 * not exported): how an {@link Operation} reaches its channel's backend and tables — what OpenJDK's
 * {@code SharedSecrets} is to {@code java.base}.
 */
public final class EventSpi {
    private EventSpi() {}

    private static volatile Function<EventChannel, OperationHost> hosts;

    /** Called once by {@code EventChannel}'s initializer. */
    public static void install(Function<EventChannel, OperationHost> f) {
        if (hosts != null) {
            throw new IllegalStateException("EventSpi already installed");
        }
        hosts = f;
    }

    /** The host side of {@code channel}. */
    public static OperationHost host(EventChannel channel) {
        Function<EventChannel, OperationHost> f = hosts;
        if (f == null) {
            try {
                Class.forName(EventChannel.class.getName(), true, EventChannel.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = hosts;
        }
        return f.apply(channel);
    }
}
