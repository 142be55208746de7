package io.aionet.linux;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks every struct layout of {@code io.aionet.linux} against the kernel's own headers: a C program
 * prints {@code sizeof}/{@code offsetof} for each field and the Java constants must agree. Skipped,
 * with the reason, when gcc or the headers are missing.
 */
class StructLayoutTest {
    private static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun() throws Exception {
        c = new HashMap<>();
        Path dir = Files.createTempDirectory("aionet-layouts");
        Path src = dir.resolve("layouts.c");
        try (InputStream in = StructLayoutTest.class.getResourceAsStream("layouts.c")) {
            assertNotNull(in, "layouts.c resource");
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("layouts");
        String out;
        try {
            Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                System.err.println("StructLayoutTest skipped: gcc could not build against the kernel headers: " + ccOut);
                return;
            }
            Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
            out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            run.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("StructLayoutTest skipped: no gcc on this machine (" + e.getMessage() + ")");
            return;
        }
        for (String line : out.split("\n")) {
            String[] p = line.trim().split(" ");
            if (p.length == 3) {
                c.put(p[0] + " " + p[1], Long.parseLong(p[2]));
            }
        }
    }

    private static void size(String struct, long java) {
        assumeTrue(!c.isEmpty(), "gcc or kernel headers missing: layouts not checked");
        Long v = c.get("sizeof " + struct);
        assertNotNull(v, "C program printed no sizeof " + struct);
        assertEquals(v, java, "sizeof(struct " + struct + ")");
    }

    private static void off(String field, long java) {
        assumeTrue(!c.isEmpty(), "gcc or kernel headers missing: layouts not checked");
        Long v = c.get("offsetof " + field);
        assertNotNull(v, "C program printed no offsetof " + field);
        assertEquals(v, java, "offsetof(" + field + ")");
    }

    @Test
    void sqe() {
        size("io_uring_sqe", IoUringSqe.SIZEOF);
        off("io_uring_sqe.opcode", IoUringSqe.OFFSETOF_opcode);
        off("io_uring_sqe.flags", IoUringSqe.OFFSETOF_flags);
        off("io_uring_sqe.ioprio", IoUringSqe.OFFSETOF_ioprio);
        off("io_uring_sqe.fd", IoUringSqe.OFFSETOF_fd);
        off("io_uring_sqe.off", IoUringSqe.OFFSETOF_off);
        off("io_uring_sqe.addr2", IoUringSqe.OFFSETOF_off);
        off("io_uring_sqe.addr", IoUringSqe.OFFSETOF_addr);
        off("io_uring_sqe.splice_off_in", IoUringSqe.OFFSETOF_addr);
        off("io_uring_sqe.len", IoUringSqe.OFFSETOF_len);
        off("io_uring_sqe.rw_flags", IoUringSqe.OFFSETOF_rw_flags);
        off("io_uring_sqe.msg_flags", IoUringSqe.OFFSETOF_rw_flags);
        off("io_uring_sqe.poll32_events", IoUringSqe.OFFSETOF_rw_flags);
        off("io_uring_sqe.timeout_flags", IoUringSqe.OFFSETOF_rw_flags);
        off("io_uring_sqe.cancel_flags", IoUringSqe.OFFSETOF_rw_flags);
        off("io_uring_sqe.user_data", IoUringSqe.OFFSETOF_user_data);
        off("io_uring_sqe.buf_index", IoUringSqe.OFFSETOF_buf_index);
        off("io_uring_sqe.buf_group", IoUringSqe.OFFSETOF_buf_index);
        off("io_uring_sqe.personality", IoUringSqe.OFFSETOF_personality);
        off("io_uring_sqe.splice_fd_in", IoUringSqe.OFFSETOF_splice_fd_in);
        off("io_uring_sqe.file_index", IoUringSqe.OFFSETOF_splice_fd_in);
        off("io_uring_sqe.addr3", IoUringSqe.OFFSETOF_addr3);
    }

    @Test
    void cqe() {
        size("io_uring_cqe", IoUringCqe.SIZEOF);
        off("io_uring_cqe.user_data", IoUringCqe.OFFSETOF_user_data);
        off("io_uring_cqe.res", IoUringCqe.OFFSETOF_res);
        off("io_uring_cqe.flags", IoUringCqe.OFFSETOF_flags);
    }

    @Test
    void params() {
        size("io_uring_params", IoUringParams.SIZEOF);
        off("io_uring_params.sq_entries", IoUringParams.OFFSETOF_sq_entries);
        off("io_uring_params.cq_entries", IoUringParams.OFFSETOF_cq_entries);
        off("io_uring_params.flags", IoUringParams.OFFSETOF_flags);
        off("io_uring_params.sq_thread_cpu", IoUringParams.OFFSETOF_sq_thread_cpu);
        off("io_uring_params.sq_thread_idle", IoUringParams.OFFSETOF_sq_thread_idle);
        off("io_uring_params.features", IoUringParams.OFFSETOF_features);
        off("io_uring_params.wq_fd", IoUringParams.OFFSETOF_wq_fd);
        off("io_uring_params.sq_off", IoUringParams.OFFSETOF_sq_off);
        off("io_uring_params.cq_off", IoUringParams.OFFSETOF_cq_off);
        size("io_sqring_offsets", IoUringParams.SQRING_OFFSETS.byteSize());
        off("io_sqring_offsets.head", IoUringParams.SQ_OFF_head);
        off("io_sqring_offsets.tail", IoUringParams.SQ_OFF_tail);
        off("io_sqring_offsets.ring_mask", IoUringParams.SQ_OFF_ring_mask);
        off("io_sqring_offsets.ring_entries", IoUringParams.SQ_OFF_ring_entries);
        off("io_sqring_offsets.flags", IoUringParams.SQ_OFF_flags);
        off("io_sqring_offsets.dropped", IoUringParams.SQ_OFF_dropped);
        off("io_sqring_offsets.array", IoUringParams.SQ_OFF_array);
        size("io_cqring_offsets", IoUringParams.CQRING_OFFSETS.byteSize());
        off("io_cqring_offsets.head", IoUringParams.CQ_OFF_head);
        off("io_cqring_offsets.tail", IoUringParams.CQ_OFF_tail);
        off("io_cqring_offsets.ring_mask", IoUringParams.CQ_OFF_ring_mask);
        off("io_cqring_offsets.ring_entries", IoUringParams.CQ_OFF_ring_entries);
        off("io_cqring_offsets.overflow", IoUringParams.CQ_OFF_overflow);
        off("io_cqring_offsets.cqes", IoUringParams.CQ_OFF_cqes);
        off("io_cqring_offsets.flags", IoUringParams.CQ_OFF_flags);
    }

    @Test
    void providedBuffers() {
        size("io_uring_buf", IoUringBuf.SIZEOF);
        off("io_uring_buf.addr", IoUringBuf.OFFSETOF_addr);
        off("io_uring_buf.len", IoUringBuf.OFFSETOF_len);
        off("io_uring_buf.bid", IoUringBuf.OFFSETOF_bid);
        off("io_uring_buf.resv", IoUringBuf.OFFSETOF_resv);
        off("io_uring_buf_ring.tail", IoUringBuf.OFFSETOF_ring_tail);
        size("io_uring_buf_reg", IoUringBuf.SIZEOF_reg);
        off("io_uring_buf_reg.ring_addr", IoUringBuf.OFFSETOF_reg_ring_addr);
        off("io_uring_buf_reg.ring_entries", IoUringBuf.OFFSETOF_reg_ring_entries);
        off("io_uring_buf_reg.bgid", IoUringBuf.OFFSETOF_reg_bgid);
    }

    @Test
    void probe() {
        size("io_uring_probe", IoUringProbe.SIZEOF);
        off("io_uring_probe.last_op", IoUringProbe.OFFSETOF_last_op);
        off("io_uring_probe.ops_len", IoUringProbe.OFFSETOF_ops_len);
        off("io_uring_probe.ops", IoUringProbe.OFFSETOF_ops);
        size("io_uring_probe_op", IoUringProbe.SIZEOF_op);
        off("io_uring_probe_op.op", IoUringProbe.OFFSETOF_op_op);
        off("io_uring_probe_op.flags", IoUringProbe.OFFSETOF_op_flags);
    }

    @Test
    void timeAndWaitArguments() {
        size("io_uring_getevents_arg", IoUringGeteventsArg.SIZEOF);
        off("io_uring_getevents_arg.sigmask", IoUringGeteventsArg.OFFSETOF_sigmask);
        off("io_uring_getevents_arg.sigmask_sz", IoUringGeteventsArg.OFFSETOF_sigmask_sz);
        off("io_uring_getevents_arg.ts", IoUringGeteventsArg.OFFSETOF_ts);
        size("__kernel_timespec", KernelTimespec.SIZEOF);
        off("__kernel_timespec.tv_sec", KernelTimespec.OFFSETOF_tv_sec);
        off("__kernel_timespec.tv_nsec", KernelTimespec.OFFSETOF_tv_nsec);
        size("io_uring_recvmsg_out", Msghdr.SIZEOF_recvmsg_out);
    }

    @Test
    void socketAddresses() {
        size("sockaddr_in", SockaddrIn.SIZEOF);
        off("sockaddr_in.sin_family", SockaddrIn.OFFSETOF_sin_family);
        off("sockaddr_in.sin_port", SockaddrIn.OFFSETOF_sin_port);
        off("sockaddr_in.sin_addr", SockaddrIn.OFFSETOF_sin_addr);
        size("sockaddr_in6", SockaddrIn6.SIZEOF);
        off("sockaddr_in6.sin6_family", SockaddrIn6.OFFSETOF_sin6_family);
        off("sockaddr_in6.sin6_port", SockaddrIn6.OFFSETOF_sin6_port);
        off("sockaddr_in6.sin6_flowinfo", SockaddrIn6.OFFSETOF_sin6_flowinfo);
        off("sockaddr_in6.sin6_addr", SockaddrIn6.OFFSETOF_sin6_addr);
        off("sockaddr_in6.sin6_scope_id", SockaddrIn6.OFFSETOF_sin6_scope_id);
        size("sockaddr_un", SockaddrUn.SIZEOF);
        off("sockaddr_un.sun_family", SockaddrUn.OFFSETOF_sun_family);
        off("sockaddr_un.sun_path", SockaddrUn.OFFSETOF_sun_path);
    }

    @Test
    void messages() {
        size("msghdr", Msghdr.SIZEOF);
        off("msghdr.msg_name", Msghdr.OFFSETOF_msg_name);
        off("msghdr.msg_namelen", Msghdr.OFFSETOF_msg_namelen);
        off("msghdr.msg_iov", Msghdr.OFFSETOF_msg_iov);
        off("msghdr.msg_iovlen", Msghdr.OFFSETOF_msg_iovlen);
        off("msghdr.msg_control", Msghdr.OFFSETOF_msg_control);
        off("msghdr.msg_controllen", Msghdr.OFFSETOF_msg_controllen);
        off("msghdr.msg_flags", Msghdr.OFFSETOF_msg_flags);
        size("iovec", Iovec.SIZEOF);
        off("iovec.iov_base", Iovec.OFFSETOF_iov_base);
        off("iovec.iov_len", Iovec.OFFSETOF_iov_len);
    }
}
