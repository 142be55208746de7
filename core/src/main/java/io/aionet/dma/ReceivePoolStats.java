package io.aionet.dma;

/**
 * A snapshot of one receive pool's counters ({@link ReceivePool#stats()}): the state of the kernel-chosen
 * buffers of Drepper's {@code dma_assoc} — how many the kernel can fill now, how many the program holds,
 * and how often the program held them all ({@code ENOBUFS}). Counters run from the pool's creation.
 *
 * @param bgid          the pool's buffer group
 * @param buffers       provided buffers in the pool
 * @param available     buffers in the kernel's ring now
 * @param held          received pieces the program holds now (not yet released)
 * @param received      pieces delivered to the program
 * @param receivedBytes bytes delivered to the program
 * @param starvations   receives that ended with {@code ENOBUFS} while the program held every buffer
 * @param bundles       completions that filled several buffers in one receive call (io_uring's
 *                      {@code IORING_RECVSEND_BUNDLE}; on epoll one {@code recvmsg} into several)
 */
public record ReceivePoolStats(int bgid, int buffers, int available, int held, long received, long receivedBytes,
                               long starvations, long bundles) {
}
