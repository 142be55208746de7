package io.aionet.dma.spi;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BufferGroup;
import io.aionet.dma.ReceivePool;

import java.lang.foreign.MemorySegment;

/**
 * The kernel-facing side of {@code io.aionet.dma}, for the event channel and socket layers of this
 * module only (the package is not exported). Applications never see a buffer's memory outside its
 * ownership checks; these calls hand the kernel what it needs and keep the ownership states right.
 *
 * <p>The send protocol (Drepper's {@code sio_send} on a reserved buffer):
 * <ol>
 *   <li>{@link #lend(Buffer)} when the send is submitted: the program loses access (its views are
 *       revoked, accessors throw) and {@link Buffer#release()} is refused;</li>
 *   <li>{@link #kernelSegment(Buffer)} and {@link #fixedIndex(Buffer)} to prepare the SQE
 *       (a send could take the backend's {@code sendZcFixed} when the index is ≥ 0; none does yet, and a
 *       plain send takes no registered buffer);</li>
 *   <li>{@link #giveBack(Buffer, boolean)} on the send's completion — for {@code SEND_ZC} only on the
 *       notification completion ({@code IORING_CQE_F_NOTIF}), not on the first one.</li>
 * </ol>
 * All of them run on the thread that owns the area and drives the ring.
 */
public final class DmaSpi {
    private DmaSpi() {}

    /** Implemented inside {@code io.aionet.dma}; installed when {@link DmaArea} initializes. */
    public interface Bridge {
        /** See {@link DmaSpi#lend(Buffer)}. */
        void lend(Buffer b);

        /** See {@link DmaSpi#giveBack(Buffer, boolean)}. */
        void giveBack(Buffer b, boolean release);

        /** See {@link DmaSpi#kernelSegment(Buffer)}. */
        MemorySegment kernelSegment(Buffer b);

        /** See {@link DmaSpi#kernelOffset(Buffer)}. */
        long kernelOffset(Buffer b);

        /** See {@link DmaSpi#fixedIndex(Buffer)}. */
        int fixedIndex(Buffer b);

        /** See {@link DmaSpi#fixedRegion(DmaArea)}. */
        MemorySegment fixedRegion(DmaArea area);

        /** See {@link DmaSpi#bindFixed(DmaArea, Backend, int)}. */
        void bindFixed(DmaArea area, Backend ring, int index);

        /** See {@link DmaSpi#registerFixed(DmaArea, Backend)}. */
        boolean registerFixed(DmaArea area, Backend backend) throws LinuxException;

        /** See {@link DmaSpi#receivePool(DmaArea, Backend, int, int, boolean)}. */
        ReceivePool receivePool(DmaArea area, Backend backend, int bgid, int buffers, boolean incremental) throws LinuxException;

        /** See {@link DmaSpi#associate(ReceivePool, PoolReceiver)} and {@link DmaSpi#associateConcurrent}. */
        PoolAssociation associate(ReceivePool pool, PoolReceiver receiver, boolean concurrent);

        /** See {@link DmaSpi#group(ReceivePool)}. */
        BufferGroup group(ReceivePool pool);

        /** See {@link DmaSpi#backend(ReceivePool)}. */
        Backend backend(ReceivePool pool);

        /** See {@link DmaSpi#nameRoom(Buffer, int)}. */
        void nameRoom(Buffer b, int room);

        /** See {@link DmaSpi#nameRoom(Buffer)}. */
        int nameRoom(Buffer b);
    }

    private static volatile Bridge bridge;

    /** Called once by {@code DmaArea}'s initializer. */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("DmaSpi bridge already installed");
        }
        bridge = b;
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            // Every Buffer or DmaArea passed in implies DmaArea was initialized; this is the no-argument path.
            try {
                Class.forName(DmaArea.class.getName(), true, DmaArea.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }

    /**
     * A send (or any operation reading the buffer) is being submitted: the buffer becomes the kernel's.
     *
     * @throws io.aionet.dma.BufferOwnershipException when the program does not own it
     */
    public static void lend(Buffer b) {
        bridge().lend(b);
    }

    /**
     * The kernel is done with {@code b} (its completion, or for {@code SEND_ZC} its notification, was
     * reaped): it becomes the program's again, or with {@code release} goes straight back to the free
     * slots (the send consumed it, as {@code sio_send} does). After the area closed it is revoked, and
     * the area's deferred unmapping may run.
     */
    public static void giveBack(Buffer b, boolean release) {
        bridge().giveBack(b, release);
    }

    /** The buffer's bytes as the kernel must see them: a bounds-set slice of the area, not revocable. */
    public static MemorySegment kernelSegment(Buffer b) {
        return bridge().kernelSegment(b);
    }

    /**
     * Where the buffer's bytes start in {@link #fixedRegion(DmaArea) its area's region}: with
     * {@link Buffer#length()} this names the bytes without making a slice (no allocation per send).
     */
    public static long kernelOffset(Buffer b) {
        return bridge().kernelOffset(b);
    }

    /** The fixed buffer index for {@code IORING_RECVSEND_FIXED_BUF}, or -1 when the area is not registered. */
    public static int fixedIndex(Buffer b) {
        return bridge().fixedIndex(b);
    }

    /** The whole area, for an event channel that registers several areas in one {@code IORING_REGISTER_BUFFERS}. */
    public static MemorySegment fixedRegion(DmaArea area) {
        return bridge().fixedRegion(area);
    }

    /** Records that the channel registered {@code area} with {@code ring} as fixed buffer {@code index}. */
    public static void bindFixed(DmaArea area, Backend ring, int index) {
        bridge().bindFixed(area, ring, index);
    }

    /**
     * Registers the whole area with {@code backend} as fixed buffer 0; false when the kernel refused
     * for lack of lockable memory or the backend has none (see {@code EventChannel.registerFixed}).
     */
    public static boolean registerFixed(DmaArea area, Backend backend) throws LinuxException {
        return bridge().registerFixed(area, backend);
    }

    /** Carves a receive pool out of {@code area} on {@code backend}'s buffer group {@code bgid} (see {@code EventChannel.receivePool}). */
    public static ReceivePool receivePool(DmaArea area, Backend backend, int bgid, int buffers, boolean incremental)
            throws LinuxException {
        return bridge().receivePool(area, backend, bgid, buffers, incremental);
    }

    /** Associates a receiver with {@code pool} (Drepper's {@code dma_assoc}); the receiver makes its own requests. */
    public static PoolAssociation associate(ReceivePool pool, PoolReceiver receiver) {
        return bridge().associate(pool, receiver, false);
    }

    /**
     * An association whose receiver keeps several one-shot receives from the pool armed at once (the
     * AIO control blocks of one channel): {@link PoolAssociation#markArmed()} counts them, and each
     * ending completion passed to {@link PoolAssociation#complete} ends one.
     */
    public static PoolAssociation associateConcurrent(ReceivePool pool, PoolReceiver receiver) {
        return bridge().associate(pool, receiver, true);
    }

    /** The buffer group a receive from {@code pool} selects from. */
    public static BufferGroup group(ReceivePool pool) {
        return bridge().group(pool);
    }

    /**
     * Marks a received datagram's buffer with the room its receive reserved for the sender (between the
     * kernel's {@code io_uring_recvmsg_out} and the payload), so that the socket layer's static accessors
     * find the payload; a new lease starts at 0, the default layout.
     */
    public static void nameRoom(Buffer b, int room) {
        bridge().nameRoom(b, room);
    }

    /** The sender's room {@link #nameRoom(Buffer, int)} marked, or 0. */
    public static int nameRoom(Buffer b) {
        return bridge().nameRoom(b);
    }

    /** The backend whose buffer group the pool lends to (a receive from it must be made there). */
    public static Backend backend(ReceivePool pool) {
        return bridge().backend(pool);
    }
}
