package io.aionet.linux;

/**
 * AF_XDP constants ({@code <linux/if_xdp.h>}, {@code <linux/socket.h>}): the socket family, its option
 * names, bind flags, ring flags and the mmap page offsets of the four rings. The structs are
 * {@link SockaddrXdp}, {@link XdpUmemReg}, {@link XdpMmapOffsets}, {@link XdpDesc} and
 * {@link XdpStatistics}.
 */
public final class Xsk {
    private Xsk() {}

    /** {@code AF_XDP}. */
    public static final int AF_XDP = 44;
    /** {@code SOL_XDP}: the socket-option level. */
    public static final int SOL_XDP = 283;

    // sxdp_flags
    public static final int XDP_SHARED_UMEM = 1 << 0;
    public static final int XDP_COPY = 1 << 1;
    public static final int XDP_ZEROCOPY = 1 << 2;
    public static final int XDP_USE_NEED_WAKEUP = 1 << 3;

    /** xdp_umem_reg.flags: chunks may start anywhere (not used by aionet). */
    public static final int XDP_UMEM_UNALIGNED_CHUNK_FLAG = 1 << 0;

    /** Ring {@code flags} word: the kernel sleeps until woken by poll/sendto. */
    public static final int XDP_RING_NEED_WAKEUP = 1 << 0;

    // socket options at SOL_XDP
    public static final int XDP_MMAP_OFFSETS = 1;
    public static final int XDP_RX_RING = 2;
    public static final int XDP_TX_RING = 3;
    public static final int XDP_UMEM_REG = 4;
    public static final int XDP_UMEM_FILL_RING = 5;
    public static final int XDP_UMEM_COMPLETION_RING = 6;
    public static final int XDP_STATISTICS = 7;
    public static final int XDP_OPTIONS = 8;

    /** {@code struct xdp_options.flags}: the socket runs in zero-copy mode. */
    public static final int XDP_OPTIONS_ZEROCOPY = 1 << 0;

    // mmap page offsets
    public static final long XDP_PGOFF_RX_RING = 0;
    public static final long XDP_PGOFF_TX_RING = 0x80000000L;
    public static final long XDP_UMEM_PGOFF_FILL_RING = 0x100000000L;
    public static final long XDP_UMEM_PGOFF_COMPLETION_RING = 0x180000000L;

    /** {@code XDP_PACKET_HEADROOM}: the kernel's headroom before packet data in a chunk. */
    public static final int XDP_PACKET_HEADROOM = 256;
}
