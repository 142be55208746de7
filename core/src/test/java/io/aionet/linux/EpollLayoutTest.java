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
 * Checks the layouts and constants the epoll backend relies on ({@link Epoll}, {@link Timerfd},
 * {@link SockExtendedErr}, the flags of {@link Sockets} and {@link Fds}) against the C library's and the
 * kernel's headers: a C program prints them and the Java constants must agree. Skipped, with the reason,
 * when gcc or the headers are missing.
 */
class EpollLayoutTest {
    private static final Map<String, Long> c = new HashMap<>();
    private static String skipped = "not run";

    @BeforeAll
    static void compileAndRun() throws Exception {
        Path dir = Files.createTempDirectory("aionet-epoll-layouts");
        Path src = dir.resolve("epoll_layouts.c");
        try (InputStream in = EpollLayoutTest.class.getResourceAsStream("epoll_layouts.c")) {
            assertNotNull(in, "epoll_layouts.c resource");
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("layouts");
        String out;
        try {
            Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                skipped = "gcc could not build against the headers: " + ccOut;
                return;
            }
            Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
            out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            run.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            skipped = "no gcc on this machine (" + e.getMessage() + ")";
            return;
        }
        for (String line : out.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp > 0) {
                c.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
            }
        }
    }

    private static void is(String key, long java) {
        assumeTrue(!c.isEmpty(), skipped);
        Long v = c.get(key);
        assertNotNull(v, "the C program printed no " + key);
        assertEquals(v, java, key);
    }

    @Test
    void epollEvent() {
        is("sizeof struct epoll_event", Epoll.SIZEOF_epoll_event);
        is("offsetof struct epoll_event.events", 0);
        is("offsetof struct epoll_event.data", Epoll.OFFSETOF_data);
        is("const EPOLL_CLOEXEC", Epoll.EPOLL_CLOEXEC);
        is("const EPOLL_CTL_ADD", Epoll.EPOLL_CTL_ADD);
        is("const EPOLL_CTL_DEL", Epoll.EPOLL_CTL_DEL);
        is("const EPOLL_CTL_MOD", Epoll.EPOLL_CTL_MOD);
        is("const EPOLLIN", Epoll.EPOLLIN);
        is("const EPOLLPRI", Epoll.EPOLLPRI);
        is("const EPOLLOUT", Epoll.EPOLLOUT);
        is("const EPOLLERR", Epoll.EPOLLERR);
        is("const EPOLLHUP", Epoll.EPOLLHUP);
        is("const EPOLLRDHUP", Epoll.EPOLLRDHUP);
        is("const (unsigned) EPOLLONESHOT", Epoll.EPOLLONESHOT);
        is("const (int) EPOLLET", Epoll.EPOLLET);
    }

    @Test
    void timerfd() {
        is("sizeof struct itimerspec", Timerfd.SIZEOF_itimerspec);
        is("offsetof struct itimerspec.it_interval", Timerfd.OFFSETOF_it_interval);
        is("offsetof struct itimerspec.it_value", Timerfd.OFFSETOF_it_value);
        is("offsetof struct timespec.tv_nsec", Timerfd.OFFSETOF_tv_nsec);
        is("const CLOCK_REALTIME", Timerfd.CLOCK_REALTIME);
        is("const CLOCK_MONOTONIC", Timerfd.CLOCK_MONOTONIC);
        is("const CLOCK_BOOTTIME", Timerfd.CLOCK_BOOTTIME);
        is("const TFD_NONBLOCK", Timerfd.TFD_NONBLOCK);
        is("const TFD_CLOEXEC", Timerfd.TFD_CLOEXEC);
        is("const TFD_TIMER_ABSTIME", Timerfd.TFD_TIMER_ABSTIME);
        is("const EFD_NONBLOCK", Fds.EFD_NONBLOCK);
        is("const EFD_CLOEXEC", Fds.EFD_CLOEXEC);
        is("const EFD_SEMAPHORE", Fds.EFD_SEMAPHORE);
    }

    @Test
    void zeroCopyErrorQueue() {
        is("sizeof struct sock_extended_err", SockExtendedErr.SIZEOF);
        is("offsetof struct sock_extended_err.ee_errno", SockExtendedErr.OFFSETOF_ee_errno);
        is("offsetof struct sock_extended_err.ee_origin", SockExtendedErr.OFFSETOF_ee_origin);
        is("offsetof struct sock_extended_err.ee_code", SockExtendedErr.OFFSETOF_ee_code);
        is("offsetof struct sock_extended_err.ee_info", SockExtendedErr.OFFSETOF_ee_info);
        is("offsetof struct sock_extended_err.ee_data", SockExtendedErr.OFFSETOF_ee_data);
        is("sizeof struct cmsghdr", SockExtendedErr.SIZEOF_cmsghdr);
        is("offsetof struct cmsghdr.cmsg_len", SockExtendedErr.OFFSETOF_cmsg_len);
        is("offsetof struct cmsghdr.cmsg_level", SockExtendedErr.OFFSETOF_cmsg_level);
        is("offsetof struct cmsghdr.cmsg_type", SockExtendedErr.OFFSETOF_cmsg_type);
        is("const CMSG_DATA_OFFSET", SockExtendedErr.SIZEOF_cmsghdr);
        is("const CMSG_ALIGN_1", SockExtendedErr.cmsgAlign(1));
        is("const SO_EE_ORIGIN_ZEROCOPY", SockExtendedErr.SO_EE_ORIGIN_ZEROCOPY);
        is("const SO_EE_CODE_ZEROCOPY_COPIED", SockExtendedErr.SO_EE_CODE_ZEROCOPY_COPIED);
        is("const SOL_IP", SockExtendedErr.SOL_IP);
        is("const IP_RECVERR", SockExtendedErr.IP_RECVERR);
        is("const SOL_IPV6", SockExtendedErr.SOL_IPV6);
        is("const IPV6_RECVERR", SockExtendedErr.IPV6_RECVERR);
    }

    @Test
    void nonBlockingSocketFlags() {
        is("const MSG_DONTWAIT", Sockets.MSG_DONTWAIT);
        is("const MSG_NOSIGNAL", Sockets.MSG_NOSIGNAL);
        is("const MSG_ERRQUEUE", Sockets.MSG_ERRQUEUE);
        is("const MSG_CTRUNC", Sockets.MSG_CTRUNC);
        is("const MSG_TRUNC", Sockets.MSG_TRUNC);
        is("const MSG_WAITALL", Sockets.MSG_WAITALL);
        is("const MSG_ZEROCOPY", Sockets.MSG_ZEROCOPY);
        is("const SO_ZEROCOPY", Sockets.SO_ZEROCOPY);
        is("const TCP_KEEPIDLE", Sockets.TCP_KEEPIDLE);
        is("const TCP_KEEPINTVL", Sockets.TCP_KEEPINTVL);
        is("const TCP_KEEPCNT", Sockets.TCP_KEEPCNT);
        is("const TCP_QUICKACK", Sockets.TCP_QUICKACK);
        is("const SO_INCOMING_NAPI_ID", Sockets.SO_INCOMING_NAPI_ID);
        is("const SO_ERROR", Sockets.SO_ERROR);
        is("const SOL_SOCKET", Sockets.SOL_SOCKET);
        is("const SOCK_NONBLOCK", Sockets.SOCK_NONBLOCK);
        is("const SOCK_CLOEXEC", Sockets.SOCK_CLOEXEC);
        is("const O_NONBLOCK", Fds.O_NONBLOCK);
        is("const F_GETFL", Fds.F_GETFL);
        is("const F_SETFL", Fds.F_SETFL);
    }
}
