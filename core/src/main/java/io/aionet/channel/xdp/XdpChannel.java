package io.aionet.channel.xdp;

import io.aionet.channel.packet.FrameSender;
import io.aionet.channel.packet.PacketHandler;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.spi.DmaSpi;
import io.aionet.event.EventChannel;
import io.aionet.event.Readiness;
import io.aionet.event.Trigger;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Mem;
import io.aionet.linux.Native;
import io.aionet.linux.PacketSockets;
import io.aionet.linux.SockaddrXdp;
import io.aionet.linux.Sockets;
import io.aionet.linux.XdpDesc;
import io.aionet.linux.XdpMmapOffsets;
import io.aionet.linux.XdpStatistics;
import io.aionet.linux.XdpUmemReg;
import io.aionet.linux.Xsk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Van Jacobson's net channel to the application, on AF_XDP: packets go from the driver down a ring
 * straight into program memory, and the kernel's stack never sees them. The socket is bound to one
 * queue of one interface; its UMEM (the packet memory the kernel and the program share) is carved from
 * a {@link DmaArea} — the whole area, one chunk per slot; its four rings — fill, RX, TX, completion —
 * are mapped from the socket and driven with named acquire/release order ({@code XskRing}). Which
 * packets arrive is decided by an XDP program, normally the library's {@link XdpClassifier}.
 * {@snippet :
 * try (XdpChannel ch = XdpChannel.builder("eth1", 0).build();
 *      XdpClassifier c = XdpClassifier.create(1024, 1)) {
 *     c.bindSocket(0, ch);
 *     c.installListenerAnyV4(17, 9000, 0);          // UDP to port 9000 comes here
 *     try (XdpLink link = c.attach("eth1", 0)) {
 *         while (running) ch.poll(handler, 100);    // frames in place in the UMEM, no copy
 *     }
 * }
 * }
 *
 * <h2>Modes</h2>
 * {@link Mode#COPY} works on every interface (the kernel copies each frame into the UMEM);
 * {@link Mode#ZERO_COPY} needs a driver that DMAs into the UMEM; {@link Mode#AUTO} (the default) asks
 * for zero-copy and falls back to copy, keeping the refusal: {@link #isZeroCopy()} and
 * {@link #modeReport()} say what was granted.
 *
 * <h2>Frames and ownership</h2>
 * A received frame is handed to a {@link PacketHandler} in place: {@code [offset, offset + length)}
 * of the UMEM segment, valid only during the call — its chunk goes back to the fill ring when the
 * handler returns. To send, {@link #beginSend()} lends a free TX chunk to the program and
 * {@link #commitSend(int)} queues it on the TX ring; the chunk comes back through the completion ring.
 *
 * <h2>Wake-ups</h2>
 * {@link #receive} and {@link #commitSend} make no system call. The socket is bound with
 * {@code XDP_USE_NEED_WAKEUP}: {@link #flush()} kicks the kernel ({@code sendto}) only when the TX ring
 * asks for it, and waiting for packets is a readiness poll of {@link #fd()} — on an
 * {@link EventChannel} ({@link #register(EventChannel, long)}) or by {@link #poll}.
 *
 * <p>One thread owns the channel (the one that drives it). Not thread-safe.
 */
public final class XdpChannel implements FrameSender, AutoCloseable {
    /** How frames reach the UMEM. */
    public enum Mode {
        /** The kernel copies frames into the UMEM (XDP_COPY); works on every interface. */
        COPY,
        /** The driver uses the UMEM directly (XDP_ZEROCOPY); fails where the driver cannot. */
        ZERO_COPY,
        /** Zero-copy when the driver offers it, else copy. */
        AUTO
    }

    private final String iface;
    private final int ifindex;
    private final int queue;
    private final int fd;
    private final Arena arena;
    private final DmaArea area;
    private final boolean ownsArea;
    private final Buffer[] chunks;
    private final MemorySegment umem;
    private final int chunkSize;
    private final int chunkShift;
    private final XskRing fill, rx, tx, comp;
    private final boolean zeroCopy;
    private final String modeReport;

    // TX frames not in the kernel: a stack of chunk indices
    private final int[] txFree;
    private int txFreeCount;
    private final MemorySegment[] txSlices;
    private int sending = -1;
    private boolean kickPending;
    private long received, sent, kicks;
    private boolean closed;
    private final MemorySegment pollfd;

    private XdpChannel(Builder b, DmaArea area, boolean ownsArea, Buffer[] chunks, int fd, boolean zeroCopy, String report,
                       Arena arena, XskRing fill, XskRing rx, XskRing tx, XskRing comp, int ifindex) {
        this.iface = b.iface;
        this.queue = b.queue;
        this.ifindex = ifindex;
        this.fd = fd;
        this.arena = arena;
        this.area = area;
        this.ownsArea = ownsArea;
        this.chunks = chunks;
        this.umem = DmaSpi.fixedRegion(area);
        this.chunkSize = area.slotSize();
        this.chunkShift = Integer.numberOfTrailingZeros(chunkSize);
        this.fill = fill;
        this.rx = rx;
        this.tx = tx;
        this.comp = comp;
        this.zeroCopy = zeroCopy;
        this.modeReport = report;
        this.pollfd = arena.allocate(PacketSockets.SIZEOF_pollfd, 4);
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, Fds.POLLIN);
        int total = chunks.length;
        int txFrames = Math.min(b.txFrames, Math.min(tx.size, total / 2));
        this.txFree = new int[txFrames];
        this.txSlices = new MemorySegment[total];
        // the first chunks are the TX pool, the rest go to the fill ring for the kernel to receive into
        for (int i = 0; i < txFrames; i++) {
            txFree[txFreeCount++] = i;
            txSlices[i] = umem.asSlice((long) i << chunkShift, chunkSize);
        }
        int rxFrames = Math.min(total - txFrames, fill.size);
        int n = fill.free(rxFrames);
        for (int i = 0; i < n; i++) {
            fill.mem.set(ValueLayout.JAVA_LONG, fill.entry(fill.local + i), (long) (txFrames + i) << chunkShift);
        }
        fill.submit(n);
    }

    /**
     * A builder for a channel on queue {@code queue} of interface {@code iface}.
     *
     * @param iface the interface's name
     * @param queue the interface's receive queue the socket binds to, from 0
     * @return a builder with the defaults
     */
    public static Builder builder(String iface, int queue) {
        return new Builder(iface, queue);
    }

    /** {@return the interface} */
    public String iface() { return iface; }

    /** {@return its index} */
    public int ifindex() { return ifindex; }

    /** {@return the queue the socket is bound to} */
    public int queue() { return queue; }

    /** {@return the AF_XDP socket, for poll/epoll/an event channel and for {@link XdpClassifier#bindSocket}} */
    public int fd() { return fd; }

    /** {@return bytes per UMEM chunk (the area's slot size): the largest frame} */
    public int chunkSize() { return chunkSize; }

    /** {@return UMEM chunks (the area's slots)} */
    public int chunks() { return chunks.length; }

    /** {@return true when the driver uses the UMEM directly (XDP_OPTIONS_ZEROCOPY)} */
    public boolean isZeroCopy() { return zeroCopy; }

    /** {@return what mode was asked and granted, and why zero-copy was refused when it was} */
    public String modeReport() { return modeReport; }

    /** {@return frames received so far} */
    public long received() { return received; }

    /** {@return frames queued for sending so far} */
    public long sent() { return sent; }

    /** {@return wake-up system calls made for TX} */
    public long kicks() { return kicks; }

    /**
     * Hands up to {@code max} received frames to {@code handler}, in place, then gives their chunks
     * back to the fill ring. No system call, no allocation.
     *
     * @param handler called once per frame, in place, on this thread
     * @param max the most frames to hand over, at least 1
     * @return frames handed over (0 when the RX ring is empty)
     */
    public int receive(PacketHandler handler, int max) {
        ensureOpen();
        int n = rx.ready(max);
        if (n == 0) {
            return 0;
        }
        long ts = System.currentTimeMillis() * 1_000_000L;
        MemorySegment ring = rx.mem;
        int at = rx.local;
        try {
            for (int i = 0; i < n; i++) {
                long e = rx.entry(at + i);
                long addr = ring.get(ValueLayout.JAVA_LONG, e + XdpDesc.OFFSETOF_addr);
                int len = ring.get(ValueLayout.JAVA_INT, e + XdpDesc.OFFSETOF_len);
                handler.onPacket(umem, addr, len, len, ts, PacketSockets.PACKET_HOST);
            }
        } finally {
            recycle(at, n);
        }
        received += n;
        return n;
    }

    /** Moves the chunks of RX entries {@code at .. at+n} to the fill ring, then releases the RX entries. */
    private void recycle(int at, int n) {
        int room = fill.free(n); // every chunk in circulation fits: the fill ring holds all RX chunks
        for (int i = 0; i < room; i++) {
            long addr = rx.mem.get(ValueLayout.JAVA_LONG, rx.entry(at + i) + XdpDesc.OFFSETOF_addr);
            fill.mem.set(ValueLayout.JAVA_LONG, fill.entry(fill.local + i), addr & -chunkSize);
        }
        fill.submit(room);
        rx.release(n);
    }

    /**
     * {@link #receive} what is there; when nothing is, waits up to {@code timeoutMillis} for the socket to
     * become readable ({@code poll}), then receives.
     *
     * @param handler called once per frame, in place, on this thread
     * @param timeoutMillis how long to wait when the RX ring is empty, in milliseconds (-1 forever, 0 not at all)
     * @return frames handed over (0 on timeout)
     * @throws LinuxException when {@code poll} fails
     */
    public int poll(PacketHandler handler, int timeoutMillis) throws LinuxException {
        int n = receive(handler, Integer.MAX_VALUE);
        if (n > 0) {
            return n;
        }
        if (fill.needsWakeup()) {
            Sockets.recv(fd, MemorySegment.NULL, Sockets.MSG_DONTWAIT); // the driver sleeps until asked
        }
        int r = PacketSockets.poll(pollfd, timeoutMillis);
        if (r < 0 && r != -Errno.EINTR) {
            Native.check("poll", r);
        }
        return receive(handler, Integer.MAX_VALUE);
    }

    /** {@return frames waiting in the RX ring now} */
    public int pending() {
        return rx.pending();
    }

    /**
     * Registers the socket's readiness with {@code channel} (level-triggered, {@link Readiness#READ}),
     * reported with {@code tag}: the event channel's poll of the XSK fd is the channel's wake-up.
     *
     * @param channel the event channel that watches the socket, owned by the calling thread
     * @param tag the tag of the readiness events
     */
    public void register(EventChannel channel, long tag) {
        ensureOpen();
        channel.addFd(fd, Readiness.READ, Trigger.LEVEL, tag);
    }

    // ---------------------------------------------------------------- TX

    /**
     * Lends a free TX chunk to the program: write a whole Ethernet frame into the returned segment (its
     * size is {@link #chunkSize()}), then {@link #commitSend(int)}. Chunks the kernel has finished with
     * are reclaimed from the completion ring first.
     *
     * @return the chunk, or null when every TX chunk is in the kernel
     * @throws IllegalStateException when a previous chunk was not committed
     */
    @Override
    public MemorySegment beginSend() {
        ensureOpen();
        if (sending >= 0) {
            throw new IllegalStateException("the previous frame of beginSend() was not committed");
        }
        if (txFreeCount == 0) {
            reclaim();
            if (txFreeCount == 0) {
                return null;
            }
        }
        sending = txFree[--txFreeCount];
        return txSlices[sending];
    }

    /**
     * Queues the frame begun with {@link #beginSend()}: its first {@code length} bytes go on the TX
     * ring. No system call; {@link #flush()} wakes the kernel.
     *
     * @throws IllegalStateException    without a frame begun
     * @throws IllegalArgumentException for a length outside 14 .. {@link #chunkSize()}
     */
    @Override
    public void commitSend(int length) {
        if (sending < 0) {
            throw new IllegalStateException("commitSend() without beginSend()");
        }
        if (length < 14 || length > chunkSize) {
            throw new IllegalArgumentException("frame length must be 14.." + chunkSize + ": " + length);
        }
        if (tx.free(1) == 0) { // cannot happen: the TX ring is at least as large as the TX pool
            throw new IllegalStateException("TX ring full");
        }
        long e = tx.entry(tx.local);
        tx.mem.set(ValueLayout.JAVA_LONG, e + XdpDesc.OFFSETOF_addr, (long) sending << chunkShift);
        tx.mem.set(ValueLayout.JAVA_INT, e + XdpDesc.OFFSETOF_len, length);
        tx.mem.set(ValueLayout.JAVA_INT, e + XdpDesc.OFFSETOF_options, 0);
        tx.submit(1);
        sending = -1;
        sent++;
        kickPending = true;
    }

    /** Gives back a frame begun with {@link #beginSend()} without sending it. */
    public void abortSend() {
        if (sending >= 0) {
            txFree[txFreeCount++] = sending;
            sending = -1;
        }
    }

    /**
     * Copies {@code [offset, offset+length)} of {@code frame} into a TX chunk and queues it; false when no chunk is free.
     *
     * @param frame the memory holding the frame
     * @param offset where the frame starts in {@code frame}, in bytes
     * @param length the frame's length in bytes, at most a chunk
     * @return true when the frame was queued, false when no TX chunk was free
     */
    public boolean send(MemorySegment frame, long offset, int length) {
        MemorySegment c = beginSend();
        if (c == null) {
            return false;
        }
        if (length > chunkSize || length < 14) {
            abortSend();
            throw new IllegalArgumentException("frame length must be 14.." + chunkSize + ": " + length);
        }
        MemorySegment.copy(frame, offset, c, 0, length);
        commitSend(length);
        return true;
    }

    /**
     * Wakes the kernel to transmit what was committed, when the TX ring asks for it
     * ({@code XDP_RING_NEED_WAKEUP}; always in copy mode): {@code sendto(fd, NULL, 0, MSG_DONTWAIT)}.
     * {@code EAGAIN}, {@code EBUSY} and {@code ENOBUFS} mean "later" and are not errors. Then reclaims
     * completed chunks.
     */
    @Override
    public void flush() throws LinuxException {
        ensureOpen();
        if (kickPending && (!zeroCopy || tx.needsWakeup())) {
            long r = Sockets.send(fd, MemorySegment.NULL, Sockets.MSG_DONTWAIT);
            kicks++;
            if (r < 0 && r != -Errno.EAGAIN && r != -Errno.EBUSY && r != -Errno.ENOBUFS && r != -Errno.ENETDOWN) {
                Native.check("sendto(AF_XDP)", r);
            }
        }
        kickPending = false;
        reclaim();
    }

    /** {@return TX chunks free now (not in the kernel)} */
    public int sendable() {
        reclaim();
        return txFreeCount;
    }

    private void reclaim() {
        int n = comp.ready(txFree.length);
        for (int i = 0; i < n; i++) {
            long addr = comp.mem.get(ValueLayout.JAVA_LONG, comp.entry(comp.local + i));
            txFree[txFreeCount++] = (int) (addr >>> chunkShift);
        }
        if (n > 0) {
            comp.release(n);
        }
    }

    /**
     * The kernel's counters for this socket ({@code XDP_STATISTICS}).
     *
     * @return the counters since the socket was created
     * @throws LinuxException when {@code getsockopt(XDP_STATISTICS)} fails
     */
    public XdpStats stats() throws LinuxException {
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(XdpStatistics.SIZEOF, 8);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) XdpStatistics.SIZEOF);
            Native.check("getsockopt(XDP_STATISTICS)", Sockets.getsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_STATISTICS, s, len));
            return new XdpStats(s.get(ValueLayout.JAVA_LONG, XdpStatistics.OFFSETOF_rx_dropped),
                    s.get(ValueLayout.JAVA_LONG, XdpStatistics.OFFSETOF_rx_invalid_descs),
                    s.get(ValueLayout.JAVA_LONG, XdpStatistics.OFFSETOF_tx_invalid_descs),
                    s.get(ValueLayout.JAVA_LONG, XdpStatistics.OFFSETOF_rx_ring_full),
                    s.get(ValueLayout.JAVA_LONG, XdpStatistics.OFFSETOF_rx_fill_ring_empty_descs),
                    s.get(ValueLayout.JAVA_LONG, XdpStatistics.OFFSETOF_tx_ring_empty_descs));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("XDP channel is closed");
        }
    }

    /**
     * Closes the socket (the kernel stops using the UMEM and drops its rings), unmaps the rings, and
     * gives the UMEM's slots back to the area — closing the area too when the builder made it.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Fds.close(fd);
        arena.close();
        for (Buffer b : chunks) {
            DmaSpi.giveBack(b, true);
        }
        if (ownsArea) {
            area.close();
        }
    }

    @Override
    public String toString() {
        return "XdpChannel[" + iface + " queue " + queue + ", " + modeReport + ", " + chunks.length + " chunks of " + chunkSize + "]";
    }

    // ================================================================ building

    /** Options of an {@link XdpChannel}. */
    public static final class Builder {
        private final String iface;
        private final int queue;
        private DmaArea area;
        private int frames = 4096;
        private int frameSize = 2048;
        private int ringSize = 2048;
        private int txFrames = 1024;
        private Mode mode = Mode.AUTO;

        private Builder(String iface, int queue) {
            this.iface = Objects.requireNonNull(iface, "iface");
            if (queue < 0) {
                throw new IllegalArgumentException("queue must be ≥ 0: " + queue);
            }
            this.queue = queue;
        }

        /**
         * Carves the UMEM from {@code area}: every slot becomes a chunk, so the area must be unused and
         * its slot size a power of two from 2048 to the page size. Without this the channel allocates
         * its own area of {@link #frames} × {@link #frameSize}.
         *
         * @param area an unused area whose slot size is a power of two from 2048 to the page size
         * @return this builder
         */
        public Builder umem(DmaArea area) {
            this.area = Objects.requireNonNull(area, "area");
            return this;
        }

        /**
         * Chunks of the channel's own UMEM (default 4096).
         *
         * @param n the number of chunks
         * @return this builder
         */
        public Builder frames(int n) {
            if (n < 2 || n > DmaArea.MAX_SLOTS) {
                throw new IllegalArgumentException("frames must be 2.." + DmaArea.MAX_SLOTS + ": " + n);
            }
            this.frames = n;
            return this;
        }

        /**
         * Bytes per chunk of the channel's own UMEM: 2048 or 4096 (default 2048).
         *
         * @param bytes 2048 or 4096
         * @return this builder
         */
        public Builder frameSize(int bytes) {
            if (bytes != 2048 && bytes != 4096) {
                throw new IllegalArgumentException("frame size must be 2048 or 4096: " + bytes);
            }
            this.frameSize = bytes;
            return this;
        }

        /**
         * Entries of each of the four rings, a power of two 64 .. 65536 (default 2048).
         *
         * @param entries entries per ring, a power of two 64 .. 65536
         * @return this builder
         */
        public Builder ringSize(int entries) {
            if (entries < 64 || entries > 65536 || Integer.bitCount(entries) != 1) {
                throw new IllegalArgumentException("ring size must be a power of two 64..65536: " + entries);
            }
            this.ringSize = entries;
            return this;
        }

        /**
         * Chunks kept for sending (default 1024; at most half the UMEM and the ring size).
         *
         * @param n the number of chunks kept for sending
         * @return this builder
         */
        public Builder txFrames(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("txFrames must be ≥ 1: " + n);
            }
            this.txFrames = n;
            return this;
        }

        /**
         * Copy, zero-copy, or zero-copy when offered (default {@link Mode#AUTO}).
         *
         * @param mode the mode to bind with
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Creates the socket, registers the UMEM, sets up and maps the rings and binds.
         *
         * @return the channel, bound; close it to unbind, unmap and close the socket
         * @throws IllegalArgumentException for an interface that does not exist or an unsuitable area
         * @throws LinuxException           when the kernel refuses ({@code EPERM}: no CAP_NET_RAW;
         *                                  {@code EAFNOSUPPORT}: no AF_XDP; {@code EOPNOTSUPP} with
         *                                  {@link Mode#ZERO_COPY} on a driver without it)
         */
        public XdpChannel build() throws LinuxException {
            int ifindex = PacketSockets.ifNameToIndex(iface);
            if (ifindex < 0) {
                throw new IllegalArgumentException("no interface " + iface);
            }
            boolean owns = area == null;
            DmaArea a = owns ? DmaArea.allocate((long) frames * frameSize, DmaOptions.defaults().withSlotSize(frameSize)) : area;
            int page = (int) Mem.pageAlign(1);
            if (a.slotSize() < 2048 || a.slotSize() > page || Integer.bitCount(a.slotSize()) != 1) {
                if (owns) a.close();
                throw new IllegalArgumentException("UMEM chunks must be a power of two 2048.." + page + " bytes; the area's slots are " + a.slotSize());
            }
            Buffer[] chunks = new Buffer[a.slots()];
            int taken = 0;
            try {
                for (; taken < chunks.length; taken++) {
                    Buffer b = a.reserve(a.slotSize());
                    if (b == null) {
                        throw new IllegalArgumentException("the UMEM takes the whole DMA area, but " + (chunks.length - taken)
                                + " of its " + chunks.length + " slots are in use");
                    }
                    chunks[taken] = b;
                }
                for (Buffer b : chunks) {
                    DmaSpi.lend(b); // the kernel may write any chunk from now on
                }
            } catch (RuntimeException e) {
                for (int i = 0; i < taken; i++) chunks[i].release();
                if (owns) a.close();
                throw e;
            }
            try {
                if (mode == Mode.COPY) {
                    return open(a, owns, chunks, ifindex, Xsk.XDP_COPY, "copy (asked for copy)");
                }
                try {
                    return open(a, owns, chunks, ifindex, Xsk.XDP_ZEROCOPY, "zero-copy");
                } catch (LinuxException e) {
                    if (mode == Mode.ZERO_COPY) {
                        throw e;
                    }
                    return open(a, owns, chunks, ifindex, Xsk.XDP_COPY,
                            "copy (zero-copy refused: " + e.errnoName() + ")");
                }
            } catch (LinuxException | RuntimeException e) {
                for (Buffer b : chunks) DmaSpi.giveBack(b, true);
                if (owns) a.close();
                throw e;
            }
        }

        private XdpChannel open(DmaArea a, boolean owns, Buffer[] chunks, int ifindex, int bindFlags, String report) throws LinuxException {
            int fd = Native.check("socket(AF_XDP)", Sockets.socket(Xsk.AF_XDP, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, 0));
            Arena rings = Arena.ofShared();
            try (Arena t = Arena.ofConfined()) {
                MemorySegment umem = DmaSpi.fixedRegion(a);
                MemorySegment reg = t.allocate(XdpUmemReg.SIZEOF, 8);
                reg.set(ValueLayout.JAVA_LONG, XdpUmemReg.OFFSETOF_addr, umem.address());
                reg.set(ValueLayout.JAVA_LONG, XdpUmemReg.OFFSETOF_len, (long) chunks.length * a.slotSize());
                reg.set(ValueLayout.JAVA_INT, XdpUmemReg.OFFSETOF_chunk_size, a.slotSize());
                reg.set(ValueLayout.JAVA_INT, XdpUmemReg.OFFSETOF_headroom, 0);
                reg.set(ValueLayout.JAVA_INT, XdpUmemReg.OFFSETOF_flags, 0);
                Native.check("setsockopt(XDP_UMEM_REG)", Sockets.setsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_UMEM_REG, reg, (int) XdpUmemReg.SIZEOF));
                Native.check("setsockopt(XDP_UMEM_FILL_RING)", Sockets.setsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_UMEM_FILL_RING, ringSize));
                Native.check("setsockopt(XDP_UMEM_COMPLETION_RING)", Sockets.setsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_UMEM_COMPLETION_RING, ringSize));
                Native.check("setsockopt(XDP_RX_RING)", Sockets.setsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_RX_RING, ringSize));
                Native.check("setsockopt(XDP_TX_RING)", Sockets.setsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_TX_RING, ringSize));
                MemorySegment off = t.allocate(XdpMmapOffsets.SIZEOF, 8);
                MemorySegment len = t.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, (int) XdpMmapOffsets.SIZEOF);
                Native.check("getsockopt(XDP_MMAP_OFFSETS)", Sockets.getsockopt(fd, Xsk.SOL_XDP, Xsk.XDP_MMAP_OFFSETS, off, len));
                if (len.get(ValueLayout.JAVA_INT, 0) != XdpMmapOffsets.SIZEOF) {
                    throw new LinuxException("getsockopt(XDP_MMAP_OFFSETS)", Errno.EINVAL,
                            "the kernel's xdp_mmap_offsets has " + len.get(ValueLayout.JAVA_INT, 0) + " bytes (a kernel before 5.4)");
                }
                XskRing fill = new XskRing(map(rings, fd, off, XdpMmapOffsets.OFFSETOF_fr, XdpDesc.SIZEOF_umem_addr, Xsk.XDP_UMEM_PGOFF_FILL_RING),
                        off, XdpMmapOffsets.OFFSETOF_fr, ringSize, XdpDesc.SIZEOF_umem_addr, true);
                XskRing comp = new XskRing(map(rings, fd, off, XdpMmapOffsets.OFFSETOF_cr, XdpDesc.SIZEOF_umem_addr, Xsk.XDP_UMEM_PGOFF_COMPLETION_RING),
                        off, XdpMmapOffsets.OFFSETOF_cr, ringSize, XdpDesc.SIZEOF_umem_addr, false);
                XskRing rx = new XskRing(map(rings, fd, off, XdpMmapOffsets.OFFSETOF_rx, XdpDesc.SIZEOF, Xsk.XDP_PGOFF_RX_RING),
                        off, XdpMmapOffsets.OFFSETOF_rx, ringSize, XdpDesc.SIZEOF, false);
                XskRing tx = new XskRing(map(rings, fd, off, XdpMmapOffsets.OFFSETOF_tx, XdpDesc.SIZEOF, Xsk.XDP_PGOFF_TX_RING),
                        off, XdpMmapOffsets.OFFSETOF_tx, ringSize, XdpDesc.SIZEOF, true);
                MemorySegment sa = t.allocate(SockaddrXdp.SIZEOF, 4);
                sa.set(ValueLayout.JAVA_SHORT, SockaddrXdp.OFFSETOF_sxdp_family, (short) Xsk.AF_XDP);
                sa.set(ValueLayout.JAVA_SHORT, SockaddrXdp.OFFSETOF_sxdp_flags, (short) (bindFlags | Xsk.XDP_USE_NEED_WAKEUP));
                sa.set(ValueLayout.JAVA_INT, SockaddrXdp.OFFSETOF_sxdp_ifindex, ifindex);
                sa.set(ValueLayout.JAVA_INT, SockaddrXdp.OFFSETOF_sxdp_queue_id, queue);
                int r = Sockets.bind(fd, sa, (int) SockaddrXdp.SIZEOF);
                // A socket closed a moment ago still holds the queue: the kernel releases its buffer pool
                // from a deferred work item. Retry EBUSY for a short while before reporting it.
                for (int tries = 0; r == -Errno.EBUSY && tries < 50; tries++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                    r = Sockets.bind(fd, sa, (int) SockaddrXdp.SIZEOF);
                }
                Native.check("bind(AF_XDP " + iface + " queue " + queue + ")", r);
                int opts = Sockets.getsockoptInt(fd, Xsk.SOL_XDP, Xsk.XDP_OPTIONS);
                boolean zc = opts >= 0 && (opts & Xsk.XDP_OPTIONS_ZEROCOPY) != 0;
                return new XdpChannel(this, a, owns, chunks, fd, zc, report, rings, fill, rx, tx, comp, ifindex);
            } catch (LinuxException | RuntimeException e) {
                Fds.close(fd);
                rings.close();
                throw e;
            }
        }

        private MemorySegment map(Arena arena, int fd, MemorySegment off, long ring, long entrySize, long pgoff) throws LinuxException {
            long desc = off.get(ValueLayout.JAVA_LONG, ring + XdpMmapOffsets.OFFSETOF_desc);
            long length = XskRing.mapLength(desc, ringSize, entrySize);
            long addr = Mem.mmap(length, Mem.PROT_READ | Mem.PROT_WRITE, Mem.MAP_SHARED | Mem.MAP_POPULATE, fd, pgoff);
            Native.check("mmap(AF_XDP ring)", addr);
            return MemorySegment.ofAddress(addr).reinterpret(length, arena, s -> Mem.munmap(s.address(), s.byteSize()));
        }
    }
}
