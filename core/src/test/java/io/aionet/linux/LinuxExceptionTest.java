package io.aionet.linux;

import io.aionet.Errno;

import io.aionet.LinuxException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinuxExceptionTest {

    @Test
    void carriesSyscallErrnoAndName() {
        LinuxException e = new LinuxException("io_uring_setup", Errno.EINVAL);
        assertInstanceOf(IOException.class, e);
        assertEquals("io_uring_setup", e.syscall());
        assertEquals(22, e.errno());
        assertEquals("EINVAL", e.errnoName());
        assertEquals("io_uring_setup: EINVAL (22): Invalid argument", e.getMessage());
    }

    @Test
    void errnoIsCapturedFromTheFailingCall() {
        // close() of a descriptor that cannot be open reports EBADF through the captured errno
        int r = Fds.close(Integer.MAX_VALUE);
        assertEquals(-Errno.EBADF, r);
        LinuxException e = assertThrows(LinuxException.class, () -> Native.check("close", r));
        assertEquals("EBADF", e.errnoName());
        assertTrue(e.getMessage().startsWith("close: EBADF (9)"), e.getMessage());
    }

    @Test
    void unknownErrnoStillHasAName() {
        assertEquals("E999", Errno.name(999));
        assertEquals("Unknown error 999", Errno.message(-999));
    }

    @Test
    void eventfdReadWriteRoundTrip() {
        int fd = Fds.eventfd(0, Fds.EFD_NONBLOCK | Fds.EFD_CLOEXEC);
        assertTrue(fd >= 0, "eventfd: " + fd);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(8);
            assertEquals(-Errno.EAGAIN, Fds.read(fd, v), "empty eventfd reads EAGAIN");
            v.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 5);
            assertEquals(8, Fds.write(fd, v));
            assertEquals(Fds.POLLIN, Fds.poll(fd, Fds.POLLIN, 0) & Fds.POLLIN);
            v.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 0);
            assertEquals(8, Fds.read(fd, v));
            assertEquals(5, v.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
        } finally {
            assertEquals(0, Fds.close(fd));
        }
        assertTrue(!Fds.isOpen(fd));
    }

    @Test
    void mmapFailureIsReportedAsErrno() {
        long r = Mem.mmap(0, Mem.PROT_READ, Mem.MAP_PRIVATE | Mem.MAP_ANONYMOUS, -1, 0);
        assertEquals(-Errno.EINVAL, r, "mmap of length 0");
        long addr = Mem.mmap(Mem.PAGE_SIZE, Mem.PROT_READ | Mem.PROT_WRITE, Mem.MAP_PRIVATE | Mem.MAP_ANONYMOUS, -1, 0);
        assertTrue(addr > 0);
        assertEquals(0, Mem.munmap(addr, Mem.PAGE_SIZE));
    }

    @Test
    void kernelReleaseLooksLikeOne() {
        assertTrue(Fds.kernelRelease().matches("\\d+\\.\\d+.*"), Fds.kernelRelease());
    }
}
