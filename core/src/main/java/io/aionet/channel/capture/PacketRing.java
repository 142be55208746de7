package io.aionet.channel.capture;

import io.aionet.channel.packet.PacketHandler;

import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Mem;
import io.aionet.linux.Native;
import io.aionet.linux.PacketSockets;
import io.aionet.linux.SockaddrLl;
import io.aionet.linux.Sockets;
import io.aionet.linux.Tpacket3Hdr;
import io.aionet.linux.TpacketBlockDesc;
import io.aionet.linux.TpacketReq3;
import io.aionet.linux.TpacketStatsV3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.aionet.linux.PacketSockets.SOL_PACKET;

/**
 * Van Jacobson's mmap'd receive ring in user space: "have it mmap() a receive ring buffer into user
 * space, and the mapped channel just tosses the packet data into that mmap()'d area and wakes up the
 * process". Linux's form of it is an {@code AF_PACKET} socket with a {@code TPACKET_V3}
 * {@code PACKET_RX_RING}: the kernel fills blocks of frames, flips a block to {@code TP_STATUS_USER},
 * and the process walks the block in place and hands it back with {@code TP_STATUS_KERNEL}.
 *
 * <p>Layout of the mapping ({@code blockCount} blocks of {@code blockSize} bytes):
 * <pre>
 * block i: | tpacket_block_desc (48) | ... | tpacket3_hdr | sockaddr_ll | pad | frame ... | tpacket3_hdr | ...
 *                                              ^ offset_to_first_pkt            ^ tp_mac      ^ + tp_next_offset
 * </pre>
 * Memory order: {@code block_status} is read with acquire (pairs with the kernel's {@code smp_wmb()}
 * before it stores {@code TP_STATUS_USER} in {@code prb_close_block}), so the frames it covers are
 * visible; it is handed back with a release store of {@code TP_STATUS_KERNEL} (pairs with the kernel's
 * read of the status before it reuses the block in {@code prb_dispatch_next_block}), so our reads of
 * the block happen before the kernel overwrites it.
 *
 * <p>Owned by one thread. Needs {@code CAP_NET_RAW}.
 * {@snippet :
 * try (PacketRing ring = PacketRing.builder("eth0").filter(BpfProgram.ipv4Port(6, 443)).build()) {
 *     ring.poll((mem, off, len, wire, ts, type) -> handle(mem, off, len), 100);
 *     PacketRingStats s = ring.stats();
 * }
 * }
 */
public final class PacketRing implements AutoCloseable {
    private static final VarHandle INT_HANDLE = ValueLayout.JAVA_INT.varHandle();
    private static final short POLL_EVENTS = (short) (Fds.POLLIN | Fds.POLLERR);

    private final String iface;
    private final int ifindex;
    private final int fd;
    private final int blockSize;
    private final int blockCount;
    private final long mapAddress;
    private final long mapLength;
    private final MemorySegment ring;
    private final Arena pollArena; // the pollfd: the wait allocates nothing
    private final MemorySegment pollfd;
    private int nextBlock;
    private long packets, drops, freezes;
    private long corruptBlocks;
    private volatile boolean closed;
    /** Per block: 1 while it is walked, plus one per frame of it a consumer holds; the block goes back at 0. */
    private final AtomicIntegerArray holds;
    /** Frames held over all blocks: the mapping outlives close() until they are released. */
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicBoolean unmapped = new AtomicBoolean();
    private int walking = -1;

    private PacketRing(Builder b) throws LinuxException {
        this.iface = b.iface;
        this.blockSize = b.blockSize;
        this.blockCount = b.blockCount;
        this.mapLength = (long) b.blockSize * b.blockCount;
        this.ifindex = Native.check("if_nametoindex(" + b.iface + ")", PacketSockets.ifNameToIndex(b.iface));
        // protocol 0: no packet is queued before the filter and the ring exist; bind() below turns it on
        int s = Native.check("socket(AF_PACKET)", Sockets.socket(Sockets.AF_PACKET, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, 0));
        long addr = -1;
        try {
            Native.check("setsockopt(PACKET_VERSION)", Sockets.setsockopt(s, SOL_PACKET, PacketSockets.PACKET_VERSION, PacketSockets.TPACKET_V3));
            if (b.ignoreOutgoing) {
                Native.check("setsockopt(PACKET_IGNORE_OUTGOING)", Sockets.setsockopt(s, SOL_PACKET, PacketSockets.PACKET_IGNORE_OUTGOING, 1));
            }
            try (Arena a = Arena.ofConfined()) {
                if (b.filter != null) {
                    MemorySegment prog = b.filter.toSockFprog(a);
                    Native.check("setsockopt(SO_ATTACH_FILTER)", Sockets.setsockopt(s, Sockets.SOL_SOCKET, Sockets.SO_ATTACH_FILTER, prog, (int) prog.byteSize()));
                }
                MemorySegment req = a.allocate(TpacketReq3.LAYOUT);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_block_size, b.blockSize);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_block_nr, b.blockCount);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_frame_size, b.frameSize);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_frame_nr, (b.blockSize / b.frameSize) * b.blockCount);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_retire_blk_tov, b.blockTimeoutMillis);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_sizeof_priv, 0);
                req.set(ValueLayout.JAVA_INT, TpacketReq3.OFFSETOF_tp_feature_req_word, 0);
                Native.check("setsockopt(PACKET_RX_RING)", Sockets.setsockopt(s, SOL_PACKET, PacketSockets.PACKET_RX_RING, req, (int) TpacketReq3.SIZEOF));

                addr = Native.check("mmap(PACKET_RX_RING)", Mem.mmap(mapLength, Mem.PROT_READ | Mem.PROT_WRITE, Mem.MAP_SHARED, s, 0));

                MemorySegment sll = a.allocate(SockaddrLl.LAYOUT);
                sll.set(ValueLayout.JAVA_SHORT, SockaddrLl.OFFSETOF_sll_family, (short) Sockets.AF_PACKET);
                sll.set(ValueLayout.JAVA_SHORT, SockaddrLl.OFFSETOF_sll_protocol, PacketSockets.htons(b.protocol));
                sll.set(ValueLayout.JAVA_INT, SockaddrLl.OFFSETOF_sll_ifindex, ifindex);
                Native.check("bind(AF_PACKET, " + b.iface + ")", Sockets.bind(s, sll, (int) SockaddrLl.SIZEOF));
            }
            if (b.fanoutMode >= 0) {
                // the group's hook replaces the socket's, so PACKET_IGNORE_OUTGOING must be restated as a fanout flag
                int flags = b.fanoutFlags | (b.ignoreOutgoing ? PacketSockets.PACKET_FANOUT_FLAG_IGNORE_OUTGOING : 0);
                int arg = (b.fanoutGroup & 0xffff) | (b.fanoutMode | flags) << 16;
                Native.check("setsockopt(PACKET_FANOUT)", Sockets.setsockopt(s, SOL_PACKET, PacketSockets.PACKET_FANOUT, arg));
            }
        } catch (LinuxException | RuntimeException e) {
            if (addr > 0) {
                Mem.munmap(addr, mapLength);
            }
            Fds.close(s);
            throw e;
        }
        this.fd = s;
        this.mapAddress = addr;
        this.ring = MemorySegment.ofAddress(addr).reinterpret(mapLength);
        this.pollArena = Arena.ofShared();
        this.pollfd = pollArena.allocate(PacketSockets.SIZEOF_pollfd, 8);
        this.holds = new AtomicIntegerArray(b.blockCount);
        pollfd.set(ValueLayout.JAVA_INT, 0, s);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, POLL_EVENTS);
    }

    /**
     * Starts building a ring on the interface named {@code iface} ({@code "lo"}, {@code "eth0"}...).
     *
     * @param iface the interface's name
     * @return a builder with the defaults
     */
    public static Builder builder(String iface) {
        java.util.Objects.requireNonNull(iface, "iface");
        return new Builder(iface);
    }

    /** {@return the interface name} */
    public String iface() {
        return iface;
    }

    /** {@return the interface index ({@code if_nametoindex})} */
    public int ifindex() {
        return ifindex;
    }

    /** {@return the packet socket's descriptor (pollable: readable when a block is ready), for an event loop} */
    public int fd() {
        return fd;
    }

    /** {@return block size in bytes} */
    public int blockSize() {
        return blockSize;
    }

    /** {@return number of blocks} */
    public int blockCount() {
        return blockCount;
    }

    /** {@return blocks whose frame offsets pointed outside the block (none from a sane kernel); skipped} */
    public long corruptBlocks() {
        return corruptBlocks;
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever, 0: not at all) for a block, with {@code poll()},
     * then hands every frame of every ready block to {@code handler}.
     *
     * @param handler called once per frame, on this thread
     * @param timeoutMillis how long to wait for a block, in milliseconds (-1 forever, 0 not at all)
     * @return the number of frames handled; 0 on timeout or when interrupted by a signal
     * @throws LinuxException when poll fails
     */
    public int poll(PacketHandler handler, int timeoutMillis) throws LinuxException {
        checkOpen();
        int n = drain(handler);
        if (n > 0 || timeoutMillis == 0) {
            return n;
        }
        int r = PacketSockets.poll(pollfd, timeoutMillis);
        if (r == -Errno.EINTR) {
            return 0;
        }
        Native.check("poll(AF_PACKET)", r);
        return drain(handler);
    }

    /**
     * Hands every frame of every block the kernel has released to {@code handler}, without waiting,
     * and gives each block back to the kernel after its frames.
     *
     * @param handler called once per frame, on this thread
     * @return the number of frames handled
     */
    public int drain(PacketHandler handler) {
        checkOpen();
        Objects.requireNonNull(handler, "handler");
        final MemorySegment r = ring;
        final int bs = blockSize;
        int total = 0;
        for (int walked = 0; walked < blockCount; walked++) {
            int block = nextBlock;
            long b = (long) block * bs;
            if (holds.get(block) != 0) {
                break; // still held by a consumer: the kernel waits at it too, nothing newer is ready
            }
            // acquire: pairs with the kernel's smp_wmb() + block_status store in prb_close_block
            int status = (int) INT_HANDLE.getAcquire(r, b + TpacketBlockDesc.OFFSETOF_block_status);
            if ((status & PacketSockets.TP_STATUS_USER) == 0) {
                break;
            }
            holds.set(block, 1); // the walk's own hold
            walking = block;
            try {
                total += walkBlock(r, b, bs, handler);
            } finally {
                walking = -1;
                nextBlock = nextBlock + 1 == blockCount ? 0 : nextBlock + 1;
                if (holds.decrementAndGet(block) == 0) {
                    handBack(block);
                }
            }
        }
        return total;
    }

    /**
     * Hands block {@code block} back to the kernel. Release: our reads of the block (and a consumer's,
     * ordered before its release through the hold count) happen before the kernel, which reads
     * block_status before reusing the block, may overwrite it.
     */
    private void handBack(int block) {
        INT_HANDLE.setRelease(ring, (long) block * blockSize + TpacketBlockDesc.OFFSETOF_block_status, PacketSockets.TP_STATUS_KERNEL);
    }

    /**
     * Keeps the frame being handed to the handler valid after the handler returns: its block is not
     * given back to the kernel until every frame held in it is {@linkplain #releaseFrame(int) released}.
     * This is how a frame is passed on, in place, down a net channel to a consumer on another thread
     * ({@link SpscDelivery}). While a block is held the kernel cannot fill it, nor the blocks after it:
     * a consumer that holds frames for long makes the kernel drop packets ({@link #stats()}).
     * Only from inside {@link PacketHandler#onPacket} on the ring's thread.
     *
     * @return the handle to release the frame with
     * @throws IllegalStateException outside a handler call
     */
    public int retainFrame() {
        int block = walking;
        if (block < 0) {
            throw new IllegalStateException("retainFrame() only inside PacketHandler.onPacket");
        }
        holds.incrementAndGet(block);
        held.incrementAndGet();
        return block;
    }

    /**
     * Releases a frame kept with {@link #retainFrame()}; the last release of a block gives it back to
     * the kernel. Any thread; the frame must not be touched afterwards.
     *
     * @param handle the handle {@link #retainFrame()} returned
     * @throws IllegalArgumentException for a handle that names no block
     * @throws IllegalStateException    when no frame of that block is held
     */
    public void releaseFrame(int handle) {
        if (handle < 0 || handle >= blockCount) {
            throw new IllegalArgumentException("no block " + handle + " in a ring of " + blockCount);
        }
        int left = holds.getAndUpdate(handle, v -> v > 0 ? v - 1 : v) - 1;
        if (left < 0) {
            throw new IllegalStateException("no frame of block " + handle + " is held (released twice?)");
        }
        if (left == 0 && !closed) {
            handBack(handle);
        }
        if (held.decrementAndGet() == 0 && closed) {
            unmap();
        }
    }

    /** {@return frames held by consumers now} */
    public int heldFrames() {
        return held.get();
    }

    /**
     * The whole mapped ring, the memory every frame handed to a handler lies in: a consumer reads a
     * frame it was passed ({@code [handle offset, + length)}) through it. Valid until the ring is closed
     * and its held frames released.
     *
     * @return the ring's whole mapping; the kernel writes the blocks it owns, so read only frames handed over
     */
    public MemorySegment mapping() {
        return ring;
    }

    private int walkBlock(MemorySegment r, long b, int bs, PacketHandler handler) {
        int num = r.get(ValueLayout.JAVA_INT, b + TpacketBlockDesc.OFFSETOF_num_pkts);
        long off = b + Integer.toUnsignedLong(r.get(ValueLayout.JAVA_INT, b + TpacketBlockDesc.OFFSETOF_offset_to_first_pkt));
        long end = b + bs;
        int done = 0;
        for (int i = 0; i < num; i++) {
            if (off < b + TpacketBlockDesc.SIZEOF || off > end - Tpacket3Hdr.OFFSETOF_sockaddr_ll - SockaddrLl.SIZEOF) {
                corruptBlocks++;
                break;
            }
            int next = r.get(ValueLayout.JAVA_INT, off + Tpacket3Hdr.OFFSETOF_tp_next_offset);
            int snap = r.get(ValueLayout.JAVA_INT, off + Tpacket3Hdr.OFFSETOF_tp_snaplen);
            int len = r.get(ValueLayout.JAVA_INT, off + Tpacket3Hdr.OFFSETOF_tp_len);
            int mac = Short.toUnsignedInt(r.get(ValueLayout.JAVA_SHORT, off + Tpacket3Hdr.OFFSETOF_tp_mac));
            long sec = Integer.toUnsignedLong(r.get(ValueLayout.JAVA_INT, off + Tpacket3Hdr.OFFSETOF_tp_sec));
            long nsec = Integer.toUnsignedLong(r.get(ValueLayout.JAVA_INT, off + Tpacket3Hdr.OFFSETOF_tp_nsec));
            int type = Byte.toUnsignedInt(r.get(ValueLayout.JAVA_BYTE,
                    off + Tpacket3Hdr.OFFSETOF_sockaddr_ll + SockaddrLl.OFFSETOF_sll_pkttype));
            if (snap < 0 || off + mac + Integer.toUnsignedLong(snap) > end) {
                corruptBlocks++;
                break;
            }
            handler.onPacket(r, off + mac, snap, len, sec * 1_000_000_000L + nsec, type);
            done++;
            if (next == 0) {
                break;
            }
            off += Integer.toUnsignedLong(next);
        }
        return done;
    }

    /**
     * Reads the kernel's counters ({@code PACKET_STATISTICS}; the kernel resets them on each read),
     * adds them to the totals and returns the totals since the ring was opened.
     *
     * @return the totals: packets received, dropped and queue freezes since the ring was opened
     * @throws LinuxException when getsockopt fails
     */
    public PacketRingStats stats() throws LinuxException {
        checkOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(TpacketStatsV3.LAYOUT);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) TpacketStatsV3.SIZEOF);
            Native.check("getsockopt(PACKET_STATISTICS)", Sockets.getsockopt(fd, SOL_PACKET, PacketSockets.PACKET_STATISTICS, st, len));
            packets += Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, TpacketStatsV3.OFFSETOF_tp_packets));
            drops += Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, TpacketStatsV3.OFFSETOF_tp_drops));
            freezes += Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, TpacketStatsV3.OFFSETOF_tp_freeze_q_cnt));
        }
        return new PacketRingStats(packets, drops, freezes);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("packet ring on " + iface + " is closed");
        }
    }

    /**
     * Closes the ring: close the socket, then unmap — at once when no frame is held, else when the last
     * held frame is released (by the releasing thread). Closing twice is harmless. Frames handed to a
     * handler and not retained must not be touched afterwards (the segment is a view of an unmapped area).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Fds.close(fd);
        pollArena.close();
        if (held.get() == 0) {
            unmap();
        }
    }

    private void unmap() {
        if (unmapped.compareAndSet(false, true)) {
            Mem.munmap(mapAddress, mapLength);
        }
    }

    /** Options of a {@link PacketRing}; defaults suit loopback (64 KiB frames) and small machines. */
    public static final class Builder {
        private final String iface;
        private int protocol = PacketSockets.ETH_P_ALL;
        private int blockSize = 1 << 20;
        private int blockCount = 16;
        private int frameSize = 2048;
        private int blockTimeoutMillis = 10;
        private BpfProgram filter;
        private boolean ignoreOutgoing;
        private int fanoutGroup, fanoutMode = -1, fanoutFlags;

        private Builder(String iface) {
            if (iface == null || iface.isEmpty()) {
                throw new IllegalArgumentException("interface name required");
            }
            this.iface = iface;
        }

        /**
         * The EtherType to capture, host order ({@code ETH_P_ALL} 3 by default, {@code ETH_P_IP} 0x800...).
         *
         * @param etherType the EtherType in host order
         * @return this builder
         */
        public Builder protocol(int etherType) {
            if (etherType < 0 || etherType > 0xffff) {
                throw new IllegalArgumentException("EtherType must be 0..0xffff: " + etherType);
            }
            this.protocol = etherType;
            return this;
        }

        /**
         * Block size: a power of two, a multiple of the page size, at most 64 MiB; the largest frame that
         * fits whole is a little under it (1 MiB by default).
         *
         * @param bytes the block size in bytes
         * @return this builder
         */
        public Builder blockSize(int bytes) {
            if (bytes < Mem.PAGE_SIZE || Integer.bitCount(bytes) != 1 || bytes > (64 << 20)) {
                throw new IllegalArgumentException("block size must be a power of two from the page size to 64 MiB: " + bytes);
            }
            this.blockSize = bytes;
            return this;
        }

        /**
         * Number of blocks (1..65536; 16 by default).
         *
         * @param n the number of blocks
         * @return this builder
         */
        public Builder blockCount(int n) {
            if (n < 1 || n > 65536) {
                throw new IllegalArgumentException("block count must be 1..65536: " + n);
            }
            this.blockCount = n;
            return this;
        }

        /**
         * {@code tp_frame_size} (a multiple of 16, at least 64; V3 uses it only for validation).
         *
         * @param bytes {@code tp_frame_size} in bytes
         * @return this builder
         */
        public Builder frameSize(int bytes) {
            if (bytes < 64 || bytes % PacketSockets.TPACKET_ALIGNMENT != 0) {
                throw new IllegalArgumentException("frame size must be a multiple of 16 and at least 64: " + bytes);
            }
            this.frameSize = bytes;
            return this;
        }

        /**
         * {@code tp_retire_blk_tov}: a partly filled block is handed over after this long (10 ms by default).
         *
         * @param ms the block timeout in milliseconds
         * @return this builder
         */
        public Builder blockTimeoutMillis(int ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("block timeout must be >= 0: " + ms);
            }
            this.blockTimeoutMillis = ms;
            return this;
        }

        /**
         * A classic BPF filter attached before any packet is queued ({@code SO_ATTACH_FILTER}).
         *
         * @param program the filter; packets it rejects are never queued
         * @return this builder
         */
        public Builder filter(BpfProgram program) {
            this.filter = program;
            return this;
        }

        /**
         * {@code PACKET_IGNORE_OUTGOING}: do not capture packets this host sends. On loopback every packet
         * is seen twice, once outgoing and once incoming; ignoring the outgoing copy leaves each once.
         *
         * @param ignore true to leave out the packets this host sends
         * @return this builder
         */
        public Builder ignoreOutgoing(boolean ignore) {
            this.ignoreOutgoing = ignore;
            return this;
        }

        /**
         * Joins fanout group {@code group} ({@code PACKET_FANOUT}) with {@code mode}
         * ({@code PACKET_FANOUT_HASH}...) and flags ({@code PACKET_FANOUT_FLAG_DEFRAG}...).
         *
         * @param group the fanout group id, 0..65535 (every socket of the group names the same)
         * @param mode how packets are spread over the group ({@code PACKET_FANOUT_HASH}, {@code _LB}, {@code _CPU}...)
         * @param flags {@code PACKET_FANOUT_FLAG_*} bits, or 0
         * @return this builder
         */
        public Builder fanout(int group, int mode, int flags) {
            if (group < 0 || group > 0xffff || mode < 0 || mode > 0xff) {
                throw new IllegalArgumentException("fanout group must be 0..65535 and mode 0..255");
            }
            this.fanoutGroup = group;
            this.fanoutMode = mode;
            this.fanoutFlags = flags & 0xff00;
            return this;
        }

        /**
         * Opens the socket, attaches the filter, maps the ring and binds it to the interface.
         *
         * @return the ring, open and bound; close it to unmap and close the socket
         * @throws LinuxException when a step fails (EPERM without CAP_NET_RAW, ENODEV for no such interface...)
         */
        public PacketRing build() throws LinuxException {
            if (frameSize > blockSize) {
                throw new IllegalArgumentException("frame size " + frameSize + " exceeds block size " + blockSize);
            }
            return new PacketRing(this);
        }
    }
}
