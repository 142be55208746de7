package io.aionet.nio;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Objects;

/**
 * Addresses between Java and the dual-stack sockets the provider opens (an {@code AF_INET6} socket
 * with IPv4 peers as IPv4-mapped addresses, as the JDK does): in the kernel's form going in, back to
 * plain IPv4 coming out.
 */
final class Addresses {
    private Addresses() {}

    /** The JDK's checks of a socket address: not null, an {@link InetSocketAddress}, resolved. */
    static InetSocketAddress check(SocketAddress sa) {
        Objects.requireNonNull(sa);
        if (!(sa instanceof InetSocketAddress isa)) {
            throw new UnsupportedAddressTypeException();
        }
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return isa;
    }

    /** {@code isa} as a socket of the given family takes it. */
    static InetSocketAddress toKernel(InetSocketAddress isa, boolean inet6) {
        InetAddress a = isa.getAddress();
        if (inet6 && a.isAnyLocalAddress()) {
            try {
                return new InetSocketAddress(Inet6Address.getByAddress(null, new byte[16], 0), isa.getPort());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        if (inet6 && a instanceof Inet4Address) {
            byte[] v4 = a.getAddress();
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            try {
                return new InetSocketAddress(Inet6Address.getByAddress(null, mapped, 0), isa.getPort());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return isa;
    }

    /** An address the kernel reported, IPv4-mapped ones as plain IPv4. */
    static InetSocketAddress fromKernel(SocketAddress sa) {
        if (!(sa instanceof InetSocketAddress isa)) {
            return null;
        }
        if (isa.getAddress() instanceof Inet6Address a6) {
            byte[] b = a6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return new InetSocketAddress(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}),
                            isa.getPort());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return isa;
    }
}
