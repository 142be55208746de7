package io.aionet.channel.xdp;

import io.aionet.channel.classifier.FlowClassifier;
import io.aionet.linux.Bpf;
import io.aionet.LinuxException;

import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

import static io.aionet.channel.xdp.Ebpf.*;

/**
 * Van Jacobson's flow classifier, run in the kernel as an XDP program: each packet's IPv4 5-tuple
 * (protocol, source address and port, destination address and port) is looked up in a BPF hash map;
 * a match is redirected to the AF_XDP socket ({@link XdpChannel}) the entry names, through an
 * {@code XSKMAP}; everything else — no match, IPv6, fragments, other protocols, malformed frames — is
 * {@code XDP_PASS}: the kernel's own stack is the default channel.
 *
 * <p>The program is assembled by the library ({@link #program(int, int)}: instructions as data, about
 * 60 of them) and loaded with {@code bpf()}; no compiler, no libbpf. Entries are the same three kinds
 * as {@link FlowClassifier}'s, tried in the same order: an exact 5-tuple (a connected socket), a
 * listener (protocol, local address, local port; any source) and a listener on every local address
 * (protocol, local port). {@link #hook(int)} turns socket creation into map entries — "as sockets are
 * created, channel mappings are installed".
 * {@snippet :
 * try (XdpClassifier c = XdpClassifier.create(1024, 4);
 *      XdpChannel ch = XdpChannel.builder("eth1", 0).build()) {
 *     c.bindSocket(0, ch);                                  // XSKMAP[0] = the channel's socket
 *     c.installListenerV4(6, localIp, 8080, 0);             // TCP to localIp:8080 goes to socket 0
 *     try (XdpLink link = c.attach("eth1", 0)) {
 *         // packets of the flow now arrive in ch's RX ring; the rest reach the kernel as before
 *     }
 * }
 * }
 *
 * <p>Map key (16 bytes, every field in network byte order as it is in the packet):
 * {@code {u32 saddr; u32 daddr; u16 sport; u16 dport; u8 protocol; u8 pad[3];}}; value: {@code u32}
 * index into the {@code XSKMAP}.
 */
public final class XdpClassifier implements AutoCloseable {
    /** Bytes of a flow key. */
    public static final int KEY_SIZE = 16;

    private final BpfMap flows;
    private final BpfMap sockets;
    private final XdpProgram program;

    private XdpClassifier(BpfMap flows, BpfMap sockets, XdpProgram program) {
        this.flows = flows;
        this.sockets = sockets;
        this.program = program;
    }

    /**
     * Creates the two maps and loads the program.
     *
     * @param maxFlows   entries of the flow table
     * @param maxSockets entries of the socket table (one per AF_XDP socket, typically one per queue)
     * @return the classifier, loaded but not attached; close it to unload the program and free the maps
     * @throws LinuxException when the kernel refuses ({@code EPERM}: no CAP_BPF / CAP_SYS_ADMIN), or the
     *                        verifier does (the message carries its log)
     */
    public static XdpClassifier create(int maxFlows, int maxSockets) throws LinuxException {
        BpfMap flows = BpfMap.create(Bpf.BPF_MAP_TYPE_HASH, KEY_SIZE, 4, maxFlows, "aionet_flows");
        BpfMap sockets = null;
        try {
            sockets = BpfMap.create(Bpf.BPF_MAP_TYPE_XSKMAP, 4, 4, maxSockets, "aionet_xsks");
            XdpProgram p = XdpProgram.load(program(flows.fd(), sockets.fd()), "aionet_classify");
            return new XdpClassifier(flows, sockets, p);
        } catch (LinuxException | RuntimeException e) {
            if (sockets != null) sockets.close();
            flows.close();
            throw e;
        }
    }

    /**
     * The classifier program for flow table {@code flowsFd} and socket table {@code socketsFd}.
     * Registers: r6 = context, r2 = data, r3 = data_end, r4 = L4 header, r5 = IP header length,
     * r8 = protocol; the key is built at fp-16.
     *
     * @param flowsFd the flow table's map descriptor
     * @param socketsFd the socket table's ({@code XSKMAP}) descriptor
     * @return the program's instructions, for {@link XdpProgram#load}
     */
    public static long[] program(int flowsFd, int socketsFd) {
        Ebpf a = new Ebpf();
        a.mov(R6, R1)
                .load(Size.W, R2, R6, 0)            // xdp_md.data
                .load(Size.W, R3, R6, 4)            // xdp_md.data_end
                .mov(R4, R2).addImm(R4, 14 + 20)    // Ethernet + the smallest IPv4 header
                .jgt(R4, R3, "pass")
                .load(Size.H, R5, R2, 12)           // h_proto, network order read little-endian
                .jneImm(R5, 0x0008, "pass")         // ETH_P_IP
                .load(Size.B, R5, R2, 14)           // version | ihl
                .mov(R7, R5).andImm(R7, 0xf0)
                .jneImm(R7, 0x40, "pass")           // IPv4
                .andImm(R5, 0x0f).lshImm(R5, 2)     // header length in bytes, 0..60
                .jltImm(R5, 20, "pass")
                .load(Size.H, R7, R2, 20)           // frag_off
                .jsetImm(R7, 0xff3f, "pass")        // MF or an offset (htons(0x3fff)): no ports to read
                .load(Size.B, R8, R2, 23)           // protocol
                .jeqImm(R8, 6, "ports")
                .jneImm(R8, 17, "pass")
                .label("ports")
                .mov(R4, R2).addImm(R4, 14).add(R4, R5)
                .mov(R7, R4).addImm(R7, 4)
                .jgt(R7, R3, "pass")
                .load(Size.W, R7, R2, 26).store(Size.W, R10, -16, R7)   // saddr
                .load(Size.W, R7, R2, 30).store(Size.W, R10, -12, R7)   // daddr
                .load(Size.H, R7, R4, 0).store(Size.H, R10, -8, R7)     // sport
                .load(Size.H, R7, R4, 2).store(Size.H, R10, -6, R7)     // dport
                .store(Size.W, R10, -4, R8)                             // protocol, pad = 0
                // exact 5-tuple
                .loadMapFd(R1, flowsFd).mov(R2, R10).addImm(R2, -16)
                .call(Bpf.BPF_FUNC_map_lookup_elem)
                .jneImm(R0, 0, "found")
                // listener: any source
                .storeImm(Size.W, R10, -16, 0).storeImm(Size.H, R10, -8, 0)
                .loadMapFd(R1, flowsFd).mov(R2, R10).addImm(R2, -16)
                .call(Bpf.BPF_FUNC_map_lookup_elem)
                .jneImm(R0, 0, "found")
                // listener on every local address
                .storeImm(Size.W, R10, -12, 0)
                .loadMapFd(R1, flowsFd).mov(R2, R10).addImm(R2, -16)
                .call(Bpf.BPF_FUNC_map_lookup_elem)
                .jneImm(R0, 0, "found")
                .label("pass")
                .movImm(R0, Bpf.XDP_PASS)
                .exit()
                .label("found")
                .load(Size.W, R2, R0, 0)            // socket index
                .loadMapFd(R1, socketsFd)
                .movImm(R3, Bpf.XDP_PASS)           // no socket at that index: pass (the flags' low bits are the fallback verdict)
                .call(Bpf.BPF_FUNC_redirect_map)
                .exit();
        return a.assemble();
    }

    /** {@return the loaded program} */
    public XdpProgram program() {
        return program;
    }

    /**
     * Attaches the program to {@code iface} (see {@link XdpProgram#attach(String, int)}).
     *
     * @param iface the interface's name
     * @param flags {@code XDP_FLAGS_SKB_MODE}, {@code XDP_FLAGS_DRV_MODE} or 0
     * @return the link; the program stays attached until it is closed
     * @throws LinuxException when the kernel refuses the link
     */
    public XdpLink attach(String iface, int flags) throws LinuxException {
        return program.attach(iface, flags);
    }

    /**
     * Puts {@code channel}'s socket into the socket table at {@code index}: entries naming
     * {@code index} now reach it.
     *
     * @param index the socket table index, in [0, maxSockets)
     * @param channel the bound AF_XDP channel whose socket receives the packets
     * @throws LinuxException when the kernel refuses (an index past the table, a socket not bound)
     */
    public void bindSocket(int index, XdpChannel channel) throws LinuxException {
        sockets.update(u32(index), u32(channel.fd()), Bpf.BPF_ANY);
    }

    /**
     * Removes the socket at {@code index}; its entries then pass to the kernel.
     *
     * @param index the socket table index
     * @return true when a socket was there
     * @throws LinuxException when the kernel refuses the delete
     */
    public boolean unbindSocket(int index) throws LinuxException {
        return sockets.delete(u32(index));
    }

    /**
     * An exact 5-tuple entry (addresses as IPv4 ints, most significant byte first).
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, most significant byte first
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, most significant byte first
     * @param dstPort the destination port, 0..65535
     * @param socketIndex the socket table index the packets are steered to (see {@link #bindSocket})
     * @throws LinuxException when the kernel refuses ({@code E2BIG}: the flow table is full)
     */
    public void installV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort, int socketIndex) throws LinuxException {
        flows.update(key(protocol, srcAddr, srcPort, dstAddr, dstPort), u32(socketIndex), Bpf.BPF_ANY);
    }

    /**
     * A listener entry: {@code protocol} to {@code dstAddr:dstPort} from any source.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param dstAddr the destination IPv4 address as an int, most significant byte first
     * @param dstPort the destination port, 0..65535
     * @param socketIndex the socket table index the packets are steered to (see {@link #bindSocket})
     * @throws LinuxException when the kernel refuses ({@code E2BIG}: the flow table is full)
     */
    public void installListenerV4(int protocol, int dstAddr, int dstPort, int socketIndex) throws LinuxException {
        installV4(protocol, 0, 0, dstAddr, dstPort, socketIndex);
    }

    /**
     * A listener on every local address: {@code protocol} to port {@code dstPort}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param dstPort the destination port, 0..65535
     * @param socketIndex the socket table index the packets are steered to (see {@link #bindSocket})
     * @throws LinuxException when the kernel refuses ({@code E2BIG}: the flow table is full)
     */
    public void installListenerAnyV4(int protocol, int dstPort, int socketIndex) throws LinuxException {
        installV4(protocol, 0, 0, 0, dstPort, socketIndex);
    }

    /**
     * Removes an exact entry (or a listener, with zero source fields); true when it was there.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, most significant byte first
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, most significant byte first
     * @param dstPort the destination port, 0..65535
     * @return true when the entry was there
     * @throws LinuxException when the kernel refuses the delete
     */
    public boolean removeV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort) throws LinuxException {
        return flows.delete(key(protocol, srcAddr, srcPort, dstAddr, dstPort));
    }

    /**
     * The socket index of an entry, or -1.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, most significant byte first
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, most significant byte first
     * @param dstPort the destination port, 0..65535
     * @return the entry's socket index, or -1 when there is none
     * @throws LinuxException when the kernel refuses the lookup
     */
    public int lookupV4(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort) throws LinuxException {
        byte[] v = flows.lookup(key(protocol, srcAddr, srcPort, dstAddr, dstPort));
        return v == null ? -1 : ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * A {@link FlowClassifier.Hook} that makes every socket opened with it (an
     * {@code AsyncServerSocket} or {@code AsyncDatagramSocket} given the hook) an entry of this classifier, steered to socket {@code socketIndex}: a listening or unbound-remote socket
     * becomes a listener entry (a wildcard local address the every-address kind), a connected one its
     * exact 5-tuple (source = remote, destination = local). Closing removes it.
     *
     * @param socketIndex the socket table index every installed entry steers to
     * @return a hook for {@code AsyncServerSocket.open(..., hook)} or {@code AsyncDatagramSocket.open(..., hook)}
     * @throws IllegalArgumentException from the hook for IPv6 addresses (the program steers IPv4 only)
     * @throws UncheckedIOException     from the hook when the kernel refuses the map update
     */
    public FlowClassifier.Hook hook(int socketIndex) {
        return new FlowClassifier.Hook() {
            @Override
            public void socketOpened(int protocol, InetSocketAddress local, InetSocketAddress remote) {
                apply(protocol, local, remote, socketIndex);
            }

            @Override
            public void socketClosed(int protocol, InetSocketAddress local, InetSocketAddress remote) {
                apply(protocol, local, remote, -1);
            }
        };
    }

    private void apply(int protocol, InetSocketAddress local, InetSocketAddress remote, int index) {
        Objects.requireNonNull(local, "local");
        int la = v4(local);
        int ra = remote == null ? 0 : v4(remote);
        int rp = remote == null ? 0 : remote.getPort();
        try {
            if (index >= 0) installV4(protocol, ra, rp, la, local.getPort(), index);
            else removeV4(protocol, ra, rp, la, local.getPort());
        } catch (LinuxException e) {
            throw new UncheckedIOException("XDP classifier entry for " + local + " <- " + remote, e);
        }
    }

    private static int v4(InetSocketAddress a) {
        InetAddress ia = a.getAddress();
        if (!(ia instanceof Inet4Address)) {
            throw new IllegalArgumentException("the XDP classifier steers IPv4 only: " + a);
        }
        return ByteBuffer.wrap(ia.getAddress()).getInt();
    }

    /**
     * The 16-byte key for a 5-tuple (network byte order).
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param srcAddr the source IPv4 address as an int, most significant byte first
     * @param srcPort the source port, 0..65535
     * @param dstAddr the destination IPv4 address as an int, most significant byte first
     * @param dstPort the destination port, 0..65535
     * @return the key as the program builds it from a packet
     */
    public static byte[] key(int protocol, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol must be 0..255: " + protocol);
        }
        if ((srcPort & ~0xffff) != 0 || (dstPort & ~0xffff) != 0) {
            throw new IllegalArgumentException("ports must be 0..65535: " + srcPort + ", " + dstPort);
        }
        ByteBuffer b = ByteBuffer.allocate(KEY_SIZE); // big-endian: the packet's order
        b.putInt(srcAddr).putInt(dstAddr).putShort((short) srcPort).putShort((short) dstPort).put((byte) protocol);
        return b.array();
    }

    private static byte[] u32(int v) {
        byte[] b = new byte[4];
        MemorySegment.ofArray(b).set(ValueLayout.JAVA_INT_UNALIGNED, 0, v); // host (little-endian) order
        return b;
    }

    /** Detaches nothing (links are closed by their owners); closes the program and both maps. Idempotent. */
    @Override
    public void close() {
        program.close();
        sockets.close();
        flows.close();
    }
}
