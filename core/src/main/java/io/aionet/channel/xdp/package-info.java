/**
 * Van Jacobson's net channels all the way to the driver, on AF_XDP: the packet ring ends in program
 * memory and the flow classifier runs in the kernel, before the stack.
 *
 * <ul>
 *   <li>{@link io.aionet.channel.xdp.XdpChannel} is the channel: an AF_XDP socket bound to one queue of
 *       one interface, its UMEM carved from a {@link io.aionet.dma.DmaArea}, its fill, RX, TX and
 *       completion rings mapped from the socket and driven with paired acquire/release order. Frames
 *       are handed over in place; nothing is copied or allocated per frame.</li>
 *   <li>{@link io.aionet.channel.xdp.XdpClassifier} is the seed's flow classifier as an XDP program:
 *       a 5-tuple table (exact flows and listeners) mapped to socket-table indices, the default channel
 *       being the kernel's stack ({@code XDP_PASS}). Its {@link io.aionet.channel.xdp.XdpClassifier#hook}
 *       installs entries "as sockets are created".</li>
 *   <li>{@link io.aionet.channel.xdp.Ebpf}, {@link io.aionet.channel.xdp.XdpProgram},
 *       {@link io.aionet.channel.xdp.BpfMap} and {@link io.aionet.channel.xdp.XdpLink} are the parts
 *       below: an eBPF assembler (no compiler, no libbpf), program load and test run, maps, and the
 *       link that keeps a program attached until it is closed.</li>
 * </ul>
 *
 * <p>Loading programs and opening AF_XDP sockets need {@code CAP_BPF}/{@code CAP_NET_ADMIN} and
 * {@code CAP_NET_RAW}; the kernel's refusal comes back as a {@link io.aionet.LinuxException} naming the
 * system call and the errno ({@code EPERM}). One thread owns an {@code XdpChannel} (the one that drives it); it is not thread-safe.
 */
package io.aionet.channel.xdp;
