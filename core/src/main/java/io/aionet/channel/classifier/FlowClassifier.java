package io.aionet.channel.classifier;

import io.aionet.channel.ring.SpscRing;

import io.aionet.channel.packet.ParsedPacket;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Van Jacobson's flow classifier: "a tiny packet classifier ... reads the protocol, ports and
 * addresses to find a channel. If no matching flow is found, we fall back to the basic channel" —
 * (protocol, source address, source port, destination address, destination port) maps to a channel of
 * type {@code T} (an {@code SpscRing}, a consumer...), unmatched packets go to the default channel.
 *
 * <p>Lookup is O(1) and allocation-free for IPv4 and IPv6: an open-addressing hash table with linear
 * probing over primitive arrays (five {@code long}s of key per slot, the channel in a parallel array),
 * probed with the parsed fields themselves, never with a key object. Deletion shifts entries back
 * (no tombstones), so lookups never degrade after churn.
 *
 * <p>Three kinds of entry, tried in this order: an exact 5-tuple (a connected socket); a listener
 * (protocol, destination address, destination port) with any source; a listener on any local address
 * (protocol, destination port). The wildcard probes are skipped while no such entry exists.
 *
 * <p>Bounded: the table holds at most {@link #maxEntries()} entries (load factor ≤ 0.5); installing
 * one more throws {@link IllegalStateException} ({@link #tryInstallV4} and friends return
 * {@code false} instead). There is no silent eviction: a socket's mapping disappears only when it is
 * removed. Not thread-safe: one thread (the one that reads the packet ring) owns it; installs from the
 * socket layer go through {@link Hook} on that thread.
 * {@snippet :
 * FlowClassifier<Consumer<MemorySegment>> c = new FlowClassifier<>(defaultSink, 4096);
 * c.installV4(6, peerIp, peerPort, localIp, 8080, connectionSink);
 * Consumer<MemorySegment> target = c.classify(parsedPacket); // defaultSink when nothing matches
 * }
 *
 * @param <T> the channel type
 */
public final class FlowClassifier<T> {
    private static final int STRIDE = 5;
    private static final long OCCUPIED = 1L << 63;
    private static final int EXACT = 0, LISTENER = 1, LISTENER_ANY = 2;

    private final T defaultChannel;
    private final int maxEntries;
    private final int mask;
    private final long[] keys;
    private final Object[] values;
    private int size;
    private int listeners;
    private int anyListeners;

    /**
     * Creates a classifier.
     *
     * @param defaultChannel where unmatched packets go (Van Jacobson's "basic channel"); not null
     * @param maxEntries     the most entries it will hold, 1 .. 2^26 (the arrays take 96 to 192 bytes an entry)
     */
    public FlowClassifier(T defaultChannel, int maxEntries) {
        this.defaultChannel = Objects.requireNonNull(defaultChannel, "defaultChannel");
        if (maxEntries < 1 || maxEntries > (1 << 26)) {
            throw new IllegalArgumentException("maxEntries must be in 1..2^26: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        int capacity = Integer.highestOneBit(maxEntries * 2 - 1) << 1;
        this.mask = capacity - 1;
        this.keys = new long[capacity * STRIDE];
        this.values = new Object[capacity];
    }

    /** {@return the channel unmatched packets go to} */
    public T defaultChannel() {
        return defaultChannel;
    }

    /** {@return number of installed entries} */
    public int size() {
        return size;
    }

    /** {@return the bound given at construction} */
    public int maxEntries() {
        return maxEntries;
    }

    /** {@return number of slots of the table (a power of two, at least twice {@link #maxEntries()})} */
    public int capacity() {
        return mask + 1;
    }

    // ---- lookup (hot path: no allocation) ----

    /**
     * The channel for a parsed packet: the exact flow, else a listener, else the default channel.
     * Packets without an IP header go to the default channel.
     *
     * @param p the packet as {@link io.aionet.channel.packet.PacketParser} parsed it
     * @return the channel its flow maps to; never null (the default channel is)
     */
    public T classify(ParsedPacket p) {
        int v = p.ipVersion();
        if (v != 4 && v != 6) {
            return defaultChannel;
        }
        return lookup(v, p.protocol(), p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort());
    }

    /**
     * Lookup of an IPv4 packet; addresses as ints in network order (192.0.2.1 is 0xC0000201).
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, network order
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, network order
     * @param dstPort the destination port, 0..65535
     * @return the channel of the matching entry, else the default channel
     */
    public T lookupV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        return lookup(4, protocol, 0, srcAddr & 0xffffffffL, srcPort, 0, dstAddr & 0xffffffffL, dstPort);
    }

    /**
     * Lookup of an IPv6 packet; each address as two longs (high and low 64 bits, network order).
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcHi the high 64 bits of the source IPv6 address
     * @param srcLo the low 64 bits of the source IPv6 address
     * @param srcPort the source port, 0..65535
     * @param dstHi the high 64 bits of the destination IPv6 address
     * @param dstLo the low 64 bits of the destination IPv6 address
     * @param dstPort the destination port, 0..65535
     * @return the channel of the matching entry, else the default channel
     */
    public T lookupV6(int protocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        return lookup(6, protocol, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
    }

    /**
     * The installed channel or {@code null}: {@link #lookupV4} without falling back to the default.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, network order
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, network order
     * @param dstPort the destination port, 0..65535
     * @return the exact flow's channel, or null
     */
    public T findV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int i = probe(EXACT, 4, protocol, 0, srcAddr & 0xffffffffL, srcPort, 0, dstAddr & 0xffffffffL, dstPort);
        return i < 0 ? null : value(i);
    }

    /**
     * The installed channel or {@code null} for an exact IPv6 flow.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcHi the high 64 bits of the source IPv6 address
     * @param srcLo the low 64 bits of the source IPv6 address
     * @param srcPort the source port, 0..65535
     * @param dstHi the high 64 bits of the destination IPv6 address
     * @param dstLo the low 64 bits of the destination IPv6 address
     * @param dstPort the destination port, 0..65535
     * @return the exact flow's channel, or null
     */
    public T findV6(int protocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        int i = probe(EXACT, 6, protocol, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        return i < 0 ? null : value(i);
    }

    private T lookup(int v, int protocol, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        int i = probe(EXACT, v, protocol, sHi, sLo, sPort, dHi, dLo, dPort);
        if (i < 0 && listeners > 0) {
            i = probe(LISTENER, v, protocol, 0, 0, 0, dHi, dLo, dPort);
        }
        if (i < 0 && anyListeners > 0) {
            i = probe(LISTENER_ANY, v, protocol, 0, 0, 0, 0, 0, dPort);
        }
        return i < 0 ? defaultChannel : value(i);
    }

    @SuppressWarnings("unchecked")
    private T value(int slot) {
        return (T) values[slot];
    }

    private static long meta(int kind, int v, int protocol, int sPort, int dPort) {
        return OCCUPIED | (long) kind << 50 | (long) (v & 0xf) << 44 | (long) (protocol & 0xff) << 32
                | (long) (sPort & 0xffff) << 16 | (dPort & 0xffff);
    }

    private static int hash(long meta, long sHi, long sLo, long dHi, long dLo) {
        // independent multiplies (they run in parallel), one final mix; the high half is folded down
        // because the table index takes the low bits
        long h = (meta ^ sLo * 0x9E3779B97F4A7C15L) + (dLo ^ sHi * 0xC2B2AE3D27D4EB4FL) + dHi * 0x165667B19E3779F9L;
        h *= 0xFF51AFD7ED558CCDL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 45));
    }

    /** The slot holding the key, or -1. */
    private int probe(int kind, int v, int protocol, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        final long m = meta(kind, v, protocol, sPort, dPort);
        final long[] k = keys;
        int i = hash(m, sHi, sLo, dHi, dLo) & mask;
        while (true) {
            int b = i * STRIDE;
            long km = k[b + 4];
            if (km == 0) {
                return -1;
            }
            if (km == m && k[b] == sHi && k[b + 1] == sLo && k[b + 2] == dHi && k[b + 3] == dLo) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    // ---- install / remove (control path) ----

    /**
     * Installs an exact IPv4 flow (a connected socket: source = peer, destination = local), replacing
     * the channel of an existing entry.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, network order
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, network order
     * @param dstPort the destination port, 0..65535
     * @param channel the channel the flow's packets go to, not null
     * @throws IllegalStateException when the classifier already holds {@link #maxEntries()} entries
     */
    public void installV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort, T channel) {
        require(tryInstallV4(protocol, srcAddr, srcPort, dstAddr, dstPort, channel));
    }

    /**
     * {@link #installV4} that returns {@code false} instead of throwing when the classifier is full.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, network order
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, network order
     * @param dstPort the destination port, 0..65535
     * @param channel the channel the flow's packets go to, not null
     * @return true when installed, false when the classifier is full
     */
    public boolean tryInstallV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort, T channel) {
        checkPorts(protocol, srcPort, dstPort);
        return put(EXACT, 4, protocol, 0, srcAddr & 0xffffffffL, srcPort, 0, dstAddr & 0xffffffffL, dstPort, channel);
    }

    /**
     * Installs an exact IPv6 flow; see {@link #installV4}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcHi the high 64 bits of the source IPv6 address
     * @param srcLo the low 64 bits of the source IPv6 address
     * @param srcPort the source port, 0..65535
     * @param dstHi the high 64 bits of the destination IPv6 address
     * @param dstLo the low 64 bits of the destination IPv6 address
     * @param dstPort the destination port, 0..65535
     * @param channel the channel the flow's packets go to, not null
     */
    public void installV6(int protocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, T channel) {
        require(tryInstallV6(protocol, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, channel));
    }

    /**
     * {@link #installV6} that returns {@code false} when full.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcHi the high 64 bits of the source IPv6 address
     * @param srcLo the low 64 bits of the source IPv6 address
     * @param srcPort the source port, 0..65535
     * @param dstHi the high 64 bits of the destination IPv6 address
     * @param dstLo the low 64 bits of the destination IPv6 address
     * @param dstPort the destination port, 0..65535
     * @param channel the channel the flow's packets go to, not null
     * @return true when installed, false when the classifier is full
     */
    public boolean tryInstallV6(int protocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, T channel) {
        checkPorts(protocol, srcPort, dstPort);
        return put(EXACT, 6, protocol, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, channel);
    }

    /**
     * Installs a listener: packets of {@code protocol} to {@code dstAddr:dstPort} from any source;
     * {@code dstAddr == 0} means any local IPv4 address.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param dstAddr the destination IPv4 address as an int, network order, or 0 for any local address
     * @param dstPort the destination port, 0..65535
     * @param channel the channel the flow's packets go to, not null
     */
    public void installListenerV4(int protocol, int dstAddr, int dstPort, T channel) {
        checkPorts(protocol, 0, dstPort);
        int kind = dstAddr == 0 ? LISTENER_ANY : LISTENER;
        require(put(kind, 4, protocol, 0, 0, 0, 0, dstAddr & 0xffffffffL, dstPort, channel));
    }

    /**
     * Installs an IPv6 listener; {@code dstHi == dstLo == 0} (::) means any local IPv6 address.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param dstHi the high 64 bits of the destination IPv6 address (both 0: any local address)
     * @param dstLo the low 64 bits of the destination IPv6 address (both 0: any local address)
     * @param dstPort the destination port, 0..65535
     * @param channel the channel the flow's packets go to, not null
     */
    public void installListenerV6(int protocol, long dstHi, long dstLo, int dstPort, T channel) {
        checkPorts(protocol, 0, dstPort);
        int kind = dstHi == 0 && dstLo == 0 ? LISTENER_ANY : LISTENER;
        require(put(kind, 6, protocol, 0, 0, 0, dstHi, dstLo, dstPort, channel));
    }

    /**
     * Removes an exact IPv4 flow; returns its channel or {@code null}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, network order
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, network order
     * @param dstPort the destination port, 0..65535
     * @return the removed entry's channel, or null when there was none
     */
    public T removeV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        return remove(EXACT, 4, protocol, 0, srcAddr & 0xffffffffL, srcPort, 0, dstAddr & 0xffffffffL, dstPort);
    }

    /**
     * Removes an exact IPv6 flow; returns its channel or {@code null}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcHi the high 64 bits of the source IPv6 address
     * @param srcLo the low 64 bits of the source IPv6 address
     * @param srcPort the source port, 0..65535
     * @param dstHi the high 64 bits of the destination IPv6 address
     * @param dstLo the low 64 bits of the destination IPv6 address
     * @param dstPort the destination port, 0..65535
     * @return the removed entry's channel, or null when there was none
     */
    public T removeV6(int protocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        return remove(EXACT, 6, protocol, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
    }

    /**
     * Removes an IPv4 listener; returns its channel or {@code null}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param dstAddr the destination IPv4 address as an int, network order
     * @param dstPort the destination port, 0..65535
     * @return the removed listener's channel, or null when there was none
     */
    public T removeListenerV4(int protocol, int dstAddr, int dstPort) {
        int kind = dstAddr == 0 ? LISTENER_ANY : LISTENER;
        return remove(kind, 4, protocol, 0, 0, 0, 0, dstAddr & 0xffffffffL, dstPort);
    }

    /**
     * Removes an IPv6 listener; returns its channel or {@code null}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param dstHi the high 64 bits of the destination IPv6 address
     * @param dstLo the low 64 bits of the destination IPv6 address
     * @param dstPort the destination port, 0..65535
     * @return the removed listener's channel, or null when there was none
     */
    public T removeListenerV6(int protocol, long dstHi, long dstLo, int dstPort) {
        int kind = dstHi == 0 && dstLo == 0 ? LISTENER_ANY : LISTENER;
        return remove(kind, 6, protocol, 0, 0, 0, dstHi, dstLo, dstPort);
    }

    /** Removes every entry. */
    public void clear() {
        java.util.Arrays.fill(keys, 0);
        java.util.Arrays.fill(values, null);
        size = listeners = anyListeners = 0;
    }

    private void require(boolean installed) {
        if (!installed) {
            throw new IllegalStateException("flow classifier full: " + size + " of " + maxEntries + " entries");
        }
    }

    private static void checkPorts(int protocol, int srcPort, int dstPort) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol must be 0..255: " + protocol);
        }
        if ((srcPort & ~0xffff) != 0 || (dstPort & ~0xffff) != 0) {
            throw new IllegalArgumentException("ports must be 0..65535: " + srcPort + ", " + dstPort);
        }
    }

    private boolean put(int kind, int v, int protocol, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, T channel) {
        Objects.requireNonNull(channel, "channel");
        int found = probe(kind, v, protocol, sHi, sLo, sPort, dHi, dLo, dPort);
        if (found >= 0) {
            values[found] = channel;
            return true;
        }
        if (size == maxEntries) {
            return false;
        }
        long m = meta(kind, v, protocol, sPort, dPort);
        int i = hash(m, sHi, sLo, dHi, dLo) & mask;
        while (keys[i * STRIDE + 4] != 0) {
            i = (i + 1) & mask;
        }
        int b = i * STRIDE;
        keys[b] = sHi;
        keys[b + 1] = sLo;
        keys[b + 2] = dHi;
        keys[b + 3] = dLo;
        keys[b + 4] = m;
        values[i] = channel;
        size++;
        count(kind, +1);
        return true;
    }

    private void count(int kind, int d) {
        if (kind == LISTENER) {
            listeners += d;
        } else if (kind == LISTENER_ANY) {
            anyListeners += d;
        }
    }

    private T remove(int kind, int v, int protocol, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        int i = probe(kind, v, protocol, sHi, sLo, sPort, dHi, dLo, dPort);
        if (i < 0) {
            return null;
        }
        T old = value(i);
        // backward-shift deletion: pull later members of the probe run into the hole
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int bj = j * STRIDE;
            long mj = keys[bj + 4];
            if (mj == 0) {
                break;
            }
            int home = hash(mj, keys[bj], keys[bj + 1], keys[bj + 2], keys[bj + 3]) & mask;
            // move j into the hole unless its home lies cyclically in (hole, j]
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                System.arraycopy(keys, bj, keys, hole * STRIDE, STRIDE);
                values[hole] = values[j];
                hole = j;
            }
        }
        java.util.Arrays.fill(keys, hole * STRIDE, hole * STRIDE + STRIDE, 0);
        values[hole] = null;
        size--;
        count(kind, -1);
        return old;
    }

    // ---- the socket layer's hook ----

    /**
     * Told as sockets are created and closed — "as sockets are created, channel mappings are
     * installed" (Van Jacobson). The socket layer calls it only for a socket opened with one:
     * {@code AsyncServerSocket.open(..., hook)} and {@code AsyncDatagramSocket.open(..., hook)} call
     * {@code socketOpened} with {@code remote == null} once bound and {@code socketClosed} at close; no
     * other socket calls it, and a connected {@code AsyncSocket} takes no hook. Other callers (a
     * capture program, a test) call it themselves. {@code remote == null} means a listening or
     * unconnected socket (a listener entry); a wildcard local address (0.0.0.0, ::) matches every
     * local address. Addresses of a connected socket are installed as packets arrive: source = remote,
     * destination = local. Implementations run on the thread that opens or closes the socket.
     */
    public interface Hook {
        /**
         * A socket of {@code protocol} (6 TCP, 17 UDP) was bound or connected.
         *
         * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
         * @param local the socket's local address (a wildcard address matches every local address)
         * @param remote the peer's address, or null for a listening or unconnected socket
         */
        void socketOpened(int protocol, InetSocketAddress local, InetSocketAddress remote);

        /**
         * The socket was closed; its mapping goes away.
         *
         * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
         * @param local the socket's local address (a wildcard address matches every local address)
         * @param remote the peer's address, or null for a listening or unconnected socket
         */
        void socketClosed(int protocol, InetSocketAddress local, InetSocketAddress remote);
    }

    /**
     * Chooses the channel for a socket that was opened.
     *
     * @param <T> the channel type
     */
    @FunctionalInterface
    public interface ChannelFactory<T> {
        /**
         * The channel packets of this socket go to.
         *
         * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
         * @param local the socket's local address (a wildcard address matches every local address)
         * @param remote the peer's address, or null for a listening or unconnected socket
         * @return the channel for the socket's packets, not null
         */
        T channelFor(int protocol, InetSocketAddress local, InetSocketAddress remote);
    }

    /**
     * A {@link Hook} that installs an entry into this classifier for every opened socket (channel
     * chosen by {@code factory}) and removes it when the socket closes.
     *
     * @param factory chooses each opened socket's channel
     * @return a hook for {@code AsyncServerSocket.open(..., hook)}, {@code AsyncDatagramSocket.open(..., hook)} or a capture program
     * @throws IllegalStateException from {@code socketOpened} when the classifier is full
     */
    public Hook hook(ChannelFactory<T> factory) {
        Objects.requireNonNull(factory, "factory");
        return new Hook() {
            @Override
            public void socketOpened(int protocol, InetSocketAddress local, InetSocketAddress remote) {
                T channel = Objects.requireNonNull(factory.channelFor(protocol, local, remote), "channel");
                apply(protocol, local, remote, channel);
            }

            @Override
            public void socketClosed(int protocol, InetSocketAddress local, InetSocketAddress remote) {
                apply(protocol, local, remote, null);
            }
        };
    }

    private void apply(int protocol, InetSocketAddress local, InetSocketAddress remote, T channel) {
        Objects.requireNonNull(local, "local");
        InetAddress la = address(local);
        if (remote == null) {
            if (la instanceof Inet4Address) {
                int a = ByteBuffer.wrap(la.getAddress()).getInt();
                if (channel != null) installListenerV4(protocol, a, local.getPort(), channel);
                else removeListenerV4(protocol, a, local.getPort());
            } else {
                ByteBuffer b = ByteBuffer.wrap(la.getAddress());
                long hi = b.getLong(), lo = b.getLong();
                if (channel != null) installListenerV6(protocol, hi, lo, local.getPort(), channel);
                else removeListenerV6(protocol, hi, lo, local.getPort());
            }
            return;
        }
        InetAddress ra = address(remote);
        if (la instanceof Inet4Address && ra instanceof Inet4Address) {
            int l = ByteBuffer.wrap(la.getAddress()).getInt();
            int r = ByteBuffer.wrap(ra.getAddress()).getInt();
            if (channel != null) installV4(protocol, r, remote.getPort(), l, local.getPort(), channel);
            else removeV4(protocol, r, remote.getPort(), l, local.getPort());
        } else if (la instanceof Inet6Address && ra instanceof Inet6Address) {
            ByteBuffer lb = ByteBuffer.wrap(la.getAddress());
            ByteBuffer rb = ByteBuffer.wrap(ra.getAddress());
            long lh = lb.getLong(), ll = lb.getLong(), rh = rb.getLong(), rl = rb.getLong();
            if (channel != null) installV6(protocol, rh, rl, remote.getPort(), lh, ll, local.getPort(), channel);
            else removeV6(protocol, rh, rl, remote.getPort(), lh, ll, local.getPort());
        } else {
            throw new IllegalArgumentException("local and remote address families differ: " + local + ", " + remote);
        }
    }

    private static InetAddress address(InetSocketAddress a) {
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + a);
        }
        return a.getAddress();
    }
}
