package io.aionet.backend;

import java.lang.foreign.MemorySegment;

/**
 * Buffers lent to the backend for receives with buffer selection ({@link Backend#recvMultishot},
 * {@link Backend#recvmsgMultishot}): the backend picks one per arrival and names it in the completion
 * ({@link Backend#CQE_F_BUFFER}, id {@code flags >>> }{@link Backend#CQE_BUFFER_SHIFT}). io_uring: a
 * registered provided buffer ring ({@code IORING_REGISTER_PBUF_RING}); epoll: a ring in user space from
 * which the backend takes a buffer and reads into it.
 *
 * <p>Ownership: a buffer {@linkplain #provide provided} is the backend's until a completion names it
 * without {@link Backend#CQE_F_BUF_MORE}; then it is the caller's until provided again. The owner
 * thread of the backend calls every method.
 */
public interface BufferGroup extends AutoCloseable {

    /** The group's id ({@code buf_group}). */
    int bgid();

    /** How many buffers the group holds at most (a power of two). */
    int entries();

    /** True when the backend consumes buffers in part ({@link Backend#CQE_F_BUF_MORE}). */
    boolean isIncremental();

    /**
     * Lends {@code buffer} (id {@code bid}, {@code 0 <= bid < 65536}) to the backend; visible to the
     * next receive once {@link #publish()} ran. Used both to fill the group and to recycle a buffer a
     * completion handed back. Allocates nothing.
     */
    void provide(int bid, MemorySegment buffer);

    /**
     * Makes every buffer provided since the last call available (io_uring: the tail's store-release,
     * which the kernel's load-acquire pairs with).
     */
    void publish();

    /**
     * Takes the next available buffer, for a backend that picks buffers itself (emulation): returns
     * its id, or -1 when none is available; {@link #segment(int)} gives its memory. A kernel-side group
     * (io_uring) is taken from by the kernel and throws {@link UnsupportedOperationException}.
     */
    int take();

    /**
     * The id of the buffer provided {@code k} places after buffer {@code bid} (0: {@code bid} itself),
     * for a completion that filled several buffers in the order they were provided (a bundle,
     * {@link Backend#recvBundleMultishot}). Valid while the buffers from {@code bid} to that one are
     * the backend's or held by the completion being read — not provided again.
     *
     * @throws IllegalArgumentException when {@code k} is negative or not below {@link #entries()}
     */
    int following(int bid, int k);

    /** The memory of buffer {@code bid} as last provided (for a backend that reads into it itself). */
    MemorySegment segment(int bid);

    /**
     * Sets what runs once the group is released — by {@link #close()} or because the backend closed
     * (after waiting for its requests): the moment no receive writes into the buffers any more, so
     * their owner may unmap them.
     */
    void onClose(Runnable action);

    /**
     * Unregisters the group; call once no receive selects from it any more (their terminal
     * completions reaped). Closing twice is harmless.
     */
    @Override
    void close();
}
