package io.aionet.channel.xdp;

import io.aionet.linux.Fds;

/**
 * An XDP program attached to an interface through a BPF link ({@code BPF_LINK_CREATE}): while it is
 * open, every packet the interface receives runs the program first. Closing it detaches the program.
 */
public final class XdpLink implements AutoCloseable {
    private final int fd;
    private final String iface;
    private final int ifindex;
    private final int flags;
    private boolean closed;

    XdpLink(int fd, String iface, int ifindex, int flags) {
        this.fd = fd;
        this.iface = iface;
        this.ifindex = ifindex;
        this.flags = flags;
    }

    /** {@return the interface the program is attached to} */
    public String iface() {
        return iface;
    }

    /** {@return its index} */
    public int ifindex() {
        return ifindex;
    }

    /** {@return the {@code XDP_FLAGS_*} it was attached with} */
    public int flags() {
        return flags;
    }

    /** Detaches the program. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Fds.close(fd);
        }
    }

    @Override
    public String toString() {
        return "XdpLink[" + iface + ", flags=" + flags + (closed ? ", closed" : "") + "]";
    }
}
