/**
 * Drepper's memory half of the network API, on every backend: DMA areas ({@code dma_alloc} /
 * {@code dma_free}), buffers reserved for sending ({@code sio_reserve} / {@code sio_release}) and
 * kernel-chosen receive buffers ({@code dma_assoc} / {@code dma_disassoc}, the {@code void **buf} of
 * {@code sio_recv}).
 *
 * <p>A {@link io.aionet.dma.DmaArea} is one page-aligned anonymous mapping cut into equal slots. A slot
 * is either free, held by the program (a {@link io.aionet.dma.Buffer} it reserved or received) or held
 * by the kernel (lent to a send in flight, or sitting in a provided buffer ring of a
 * {@link io.aionet.dma.ReceivePool}). Every transition is checked: the kernel never writes a buffer
 * the program owns, the program never touches a buffer the kernel owns, and a released buffer's
 * memory cannot be reached through it any more.
 *
 * <p><b>Exceptions</b> follow the rule of {@code io.aionet.event}: mapping or registering memory the
 * kernel refuses is the checked {@link io.aionet.LinuxException}; a bad argument an
 * {@link IllegalArgumentException}; touching a buffer the program does not own a
 * {@link io.aionet.dma.BufferOwnershipException}; a call off the owner thread a
 * {@link WrongThreadException}; a call on a closed area or pool an {@link IllegalStateException}.
 *
 * <p>The event channel and socket layers reach the kernel-facing side through
 * {@code io.aionet.dma.spi.DmaSpi}, which this module does not export.
 */
package io.aionet.dma;
