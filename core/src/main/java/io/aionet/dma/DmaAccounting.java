package io.aionet.dma;

/**
 * A snapshot of who holds an area's slots, for tests and metrics: the administration Drepper's DMA areas
 * need ("do not overwrite buffer with received data until program is done with it"). Always
 * {@code heldByProgram + heldByKernel + free == slots} while the area is open.
 *
 * @param slots          slots in the area
 * @param slotSize       bytes per slot
 * @param heldByProgram  slots the program holds: reserved send buffers, and receive buffers with at
 *                       least one received piece not yet released
 * @param heldByKernel   slots the kernel holds: send buffers lent to an operation in flight, and
 *                       receive buffers in a provided buffer ring
 * @param free           slots ready for {@code reserve}
 * @param receivePool    of all slots, those lent to receive pools (in either holder's hands)
 * @param receivedPieces received pieces ({@link Buffer}s) the program holds; with incremental
 *                       consumption several pieces can share one slot
 */
public record DmaAccounting(int slots, int slotSize, int heldByProgram, int heldByKernel, int free,
                            int receivePool, int receivedPieces) {
}
