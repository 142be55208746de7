package io.aionet.net;

import io.aionet.linux.SockaddrIn;
import io.aionet.linux.SockaddrIn6;
import io.aionet.linux.SockaddrUn;
import io.aionet.linux.Sockets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Converts between Java socket addresses and the kernel's {@code sockaddr_in}, {@code sockaddr_in6}
 * and {@code sockaddr_un}, in caller-supplied memory of {@link #MAX_SIZE} bytes.
 */
final class SocketAddresses {
    private SocketAddresses() {}

    static {
        NetBridge.install(); // the AIO control blocks reach sockets through io.aionet.net.spi.NetSpi
    }

    /** Room for any address this class writes ({@code sockaddr_un} is the largest). */
    static final int MAX_SIZE = 128;

    /** The address family for {@code address}: {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX}. */
    static int family(SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            if (isa.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address: " + isa);
            }
            return isa.getAddress() instanceof Inet6Address ? Sockets.AF_INET6 : Sockets.AF_INET;
        }
        if (address instanceof UnixDomainSocketAddress) {
            return Sockets.AF_UNIX;
        }
        throw new IllegalArgumentException("unsupported address type: "
                + (address == null ? "null" : address.getClass().getName()));
    }

    /** Writes {@code address} into {@code out} (zeroed first) and returns its length. */
    static int write(SocketAddress address, MemorySegment out) {
        out.asSlice(0, MAX_SIZE).fill((byte) 0);
        int family = family(address);
        if (family == Sockets.AF_UNIX) {
            byte[] path = ((UnixDomainSocketAddress) address).getPath().toString().getBytes(StandardCharsets.UTF_8);
            if (path.length >= SockaddrUn.SUN_PATH_MAX) {
                throw new IllegalArgumentException("unix socket path longer than " + (SockaddrUn.SUN_PATH_MAX - 1)
                        + " bytes: " + address);
            }
            out.set(ValueLayout.JAVA_SHORT, SockaddrUn.OFFSETOF_sun_family, (short) Sockets.AF_UNIX);
            MemorySegment.copy(path, 0, out, ValueLayout.JAVA_BYTE, SockaddrUn.OFFSETOF_sun_path, path.length);
            return (int) SockaddrUn.OFFSETOF_sun_path + path.length + 1;
        }
        InetSocketAddress isa = (InetSocketAddress) address;
        short port = Short.reverseBytes((short) isa.getPort());
        if (family == Sockets.AF_INET) {
            out.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_family, (short) Sockets.AF_INET);
            out.set(ValueLayout.JAVA_SHORT, SockaddrIn.OFFSETOF_sin_port, port);
            byte[] a = isa.getAddress().getAddress();
            MemorySegment.copy(a, 0, out, ValueLayout.JAVA_BYTE, SockaddrIn.OFFSETOF_sin_addr, 4);
            return (int) SockaddrIn.SIZEOF;
        }
        Inet6Address a6 = (Inet6Address) isa.getAddress();
        out.set(ValueLayout.JAVA_SHORT, SockaddrIn6.OFFSETOF_sin6_family, (short) Sockets.AF_INET6);
        out.set(ValueLayout.JAVA_SHORT, SockaddrIn6.OFFSETOF_sin6_port, port);
        MemorySegment.copy(a6.getAddress(), 0, out, ValueLayout.JAVA_BYTE, SockaddrIn6.OFFSETOF_sin6_addr, 16);
        out.set(ValueLayout.JAVA_INT, SockaddrIn6.OFFSETOF_sin6_scope_id, a6.getScopeId());
        return (int) SockaddrIn6.SIZEOF;
    }

    /** Reads the address in {@code in} ({@code length} bytes, as the kernel reported). */
    static SocketAddress read(MemorySegment in, int length) {
        // bounded by what the kernel said it wrote and by the memory behind it (fuzzed: KernelDecodersFuzzTest)
        long have = Math.min(Integer.toUnsignedLong(length), in.byteSize());
        if (have < 2) {
            throw new IllegalStateException("kernel returned an address of " + length + " bytes");
        }
        int family = Short.toUnsignedInt(in.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
        if (family == Sockets.AF_INET && have < SockaddrIn.SIZEOF
                || family == Sockets.AF_INET6 && have < SockaddrIn6.SIZEOF) {
            throw new IllegalStateException("kernel returned a cut address of family " + family + ": " + length + " bytes");
        }
        try {
            if (family == Sockets.AF_INET) {
                byte[] a = new byte[4];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, SockaddrIn.OFFSETOF_sin_addr, a, 0, 4);
                int port = Short.toUnsignedInt(Short.reverseBytes(in.get(ValueLayout.JAVA_SHORT_UNALIGNED, SockaddrIn.OFFSETOF_sin_port)));
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
            if (family == Sockets.AF_INET6) {
                byte[] a = new byte[16];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, SockaddrIn6.OFFSETOF_sin6_addr, a, 0, 16);
                int port = Short.toUnsignedInt(Short.reverseBytes(in.get(ValueLayout.JAVA_SHORT_UNALIGNED, SockaddrIn6.OFFSETOF_sin6_port)));
                int scope = in.get(ValueLayout.JAVA_INT_UNALIGNED, SockaddrIn6.OFFSETOF_sin6_scope_id);
                return new InetSocketAddress(Inet6Address.getByAddress(null, a, scope), port);
            }
            if (family == Sockets.AF_UNIX) {
                int n = (int) Math.max(0, Math.min(have, SockaddrUn.SIZEOF) - SockaddrUn.OFFSETOF_sun_path);
                byte[] p = new byte[n];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, SockaddrUn.OFFSETOF_sun_path, p, 0, n);
                int end = 0;
                while (end < n && p[end] != 0) {
                    end++;
                }
                return UnixDomainSocketAddress.of(new String(p, 0, end, StandardCharsets.UTF_8));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("kernel returned a malformed address", e);
        }
        throw new IllegalStateException("unexpected address family " + family);
    }

    /** True for IPv4 addresses, used to pick the socket family of a wildcard bind. */
    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
