package io.aionet.dma;

/**
 * A buffer was used by a party that does not own it: released twice, released to an area it does not
 * belong to, touched after release, touched while the kernel holds it, or used after its area closed.
 * This is the check Drepper's DMA-area administration asks for ("do not overwrite buffer with received
 * data until program is done with it"), made visible instead of silent corruption.
 */
public final class BufferOwnershipException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was done and who owns the buffer now
     */
    public BufferOwnershipException(String message) {
        super(message);
    }
}
