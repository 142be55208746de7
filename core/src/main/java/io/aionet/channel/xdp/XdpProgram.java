package io.aionet.channel.xdp;

import io.aionet.linux.Bpf;
import io.aionet.linux.BpfAttr;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Native;
import io.aionet.linux.PacketSockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * An XDP program loaded into the kernel ({@code BPF_PROG_LOAD} of {@code BPF_PROG_TYPE_XDP}) from
 * instructions the library assembled ({@link Ebpf}). When the verifier refuses the program the load is
 * repeated with the verifier's log switched on and the log is the exception's message, so a refusal
 * explains itself. {@link #attach(String, int)} hooks it to an interface through a BPF link
 * ({@code BPF_LINK_CREATE}, {@code BPF_XDP}); closing the link detaches it, and the kernel also
 * detaches it when the process dies, so a crashed test leaves no program behind.
 */
public final class XdpProgram implements AutoCloseable {
    /** The license string the programs are loaded under (their helpers need no GPL-only access). */
    public static final String LICENSE = "Dual MIT/GPL";
    private static final int LOG_SIZE = 1 << 20;

    private final int fd;
    private final int instructions;
    private volatile boolean closed;

    private XdpProgram(int fd, int instructions) {
        this.fd = fd;
        this.instructions = instructions;
    }

    /**
     * Loads {@code insns} as an XDP program called {@code name}.
     *
     * @param insns the program's instructions ({@link Ebpf#assemble()})
     * @param name the program's name, up to 15 ASCII characters (shown by bpftool)
     * @return the loaded program; close it to unload
     * @throws IllegalArgumentException for an empty program or a bad name
     * @throws LinuxException           when the kernel refuses it; for a verifier refusal
     *                                  ({@code EACCES}, {@code EINVAL}) the message carries the verifier log
     */
    public static XdpProgram load(long[] insns, String name) throws LinuxException {
        java.util.Objects.requireNonNull(insns, "insns");
        java.util.Objects.requireNonNull(name, "name");
        if (insns.length == 0) {
            throw new IllegalArgumentException("empty eBPF program");
        }
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= Bpf.BPF_OBJ_NAME_LEN) {
            throw new IllegalArgumentException("BPF object name longer than 15 characters: " + name);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment code = a.allocate(ValueLayout.JAVA_LONG, insns.length);
            MemorySegment.copy(insns, 0, code, ValueLayout.JAVA_LONG, 0, insns.length);
            MemorySegment license = a.allocateFrom(LICENSE);
            MemorySegment attr = a.allocate(BpfAttr.SIZEOF, 8);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_prog_type, Bpf.BPF_PROG_TYPE_XDP);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_insn_cnt, insns.length);
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_insns, code.address());
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_license, license.address());
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_expected_attach_type, Bpf.BPF_XDP);
            MemorySegment.copy(n, 0, attr, ValueLayout.JAVA_BYTE, BpfAttr.OFFSETOF_prog_name, n.length);
            int r = Bpf.bpf(Bpf.BPF_PROG_LOAD, attr, BpfAttr.SIZEOF_prog_load);
            if (r >= 0) {
                return new XdpProgram(r, insns.length);
            }
            // again with the verifier's log, so the refusal says why
            MemorySegment log = a.allocate(LOG_SIZE);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_log_level, 1);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_log_size, LOG_SIZE);
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_log_buf, log.address());
            int r2 = Bpf.bpf(Bpf.BPF_PROG_LOAD, attr, BpfAttr.SIZEOF_prog_load);
            if (r2 >= 0) {
                return new XdpProgram(r2, insns.length); // refused only the first time (a transient failure)
            }
            String text = log.getString(0).strip();
            throw new LinuxException("bpf(BPF_PROG_LOAD)", -r,
                    text.isEmpty() ? "no verifier log" : "verifier log:\n" + text);
        }
    }

    /** {@return the program's descriptor} */
    public int fd() {
        return fd;
    }

    /** {@return instructions loaded} */
    public int instructions() {
        return instructions;
    }

    /**
     * Runs the program once over {@code frame} in the kernel ({@code BPF_PROG_TEST_RUN}) without any
     * interface, and returns its verdict ({@code XDP_PASS}, {@code XDP_REDIRECT}, ...). A redirect is
     * reported, not carried out.
     *
     * @param frame the frame, at least 14 bytes
     * @return the program's verdict
     * @throws IllegalArgumentException for a frame shorter than an Ethernet header
     * @throws LinuxException when the kernel refuses the test run
     */
    public int testRun(byte[] frame) throws LinuxException {
        if (frame.length < 14) {
            throw new IllegalArgumentException("frame shorter than an Ethernet header: " + frame.length);
        }
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocateFrom(ValueLayout.JAVA_BYTE, frame);
            MemorySegment attr = a.allocate(BpfAttr.SIZEOF, 8);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_test_prog_fd, fd);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_test_data_size_in, frame.length);
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_test_data_in, in.address());
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_test_repeat, 1);
            Native.check("bpf(BPF_PROG_TEST_RUN)", Bpf.bpf(Bpf.BPF_PROG_TEST_RUN, attr, BpfAttr.SIZEOF_test));
            return attr.get(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_test_retval);
        }
    }

    /**
     * Attaches the program to interface {@code iface} ({@code BPF_LINK_CREATE}). The program stays
     * attached until the link is closed.
     *
     * @param flags {@code XDP_FLAGS_SKB_MODE} (generic, works on every device), {@code XDP_FLAGS_DRV_MODE}
     *              (the driver's hook) or 0 (the driver's when it has one)
     * @param iface the interface's name
     * @return the link; the program stays attached until it is closed
     * @throws IllegalArgumentException for an interface that does not exist
     * @throws LinuxException           when the kernel refuses ({@code EBUSY}: another program is attached)
     */
    public XdpLink attach(String iface, int flags) throws LinuxException {
        ensureOpen();
        int ifindex = PacketSockets.ifNameToIndex(iface);
        if (ifindex < 0) {
            throw new IllegalArgumentException("no interface " + iface);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(BpfAttr.SIZEOF, 8);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_link_create_prog_fd, fd);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_link_create_target_ifindex, ifindex);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_link_create_attach_type, Bpf.BPF_XDP);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_link_create_flags, flags);
            int link = Native.check("bpf(BPF_LINK_CREATE)", Bpf.bpf(Bpf.BPF_LINK_CREATE, attr, BpfAttr.SIZEOF_link_create));
            return new XdpLink(link, iface, ifindex, flags);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("XDP program is closed");
        }
    }

    /** Closes the program's descriptor; an attached program stays until its link is closed. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Fds.close(fd);
        }
    }
}
