package io.aionet.event;

import io.aionet.linux.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.aionet.event.EventChannelTest.drain;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The descriptors a source opens for itself (signalfd, inotify, the futex fallback's eventfd) are
 * closed once the source is removed and the kernel has let go of its request, and at channel close.
 */
class SourceRetirementTest {
    @TempDir
    Path dir;

    /**
     * Open signalfd, inotify and eventfd descriptors of this process (by their /proc link targets, so
     * files other threads open meanwhile do not count).
     */
    private static long openDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return ""; // closed while listing
                }
            }).filter(t -> t.equals("anon_inode:[signalfd]") || t.equals("anon_inode:inotify")
                    || t.equals("anon_inode:[eventfd]")).count();
        }
    }

    /** Waits (driving the channel) until the process has {@code expected} descriptors open. */
    private static long settle(EventChannel ch, long expected) throws IOException {
        long n = openDescriptors();
        for (int i = 0; i < 100 && n != expected; i++) {
            drain(ch, 1, 10);
            n = openDescriptors();
        }
        return n;
    }

    @Test
    void removalClosesEachSourcesOwnDescriptor() throws Exception {
        try (EventChannel ch = EventChannel.create(); Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(4, 4);
            long before = openDescriptors();
            ch.addSignal(Signals.SIGUSR1, 1);
            ch.addPath(dir, FileChange.CREATE, 2);
            FutexSource.forceFallback = true;
            try {
                ch.addFutex(word, 0, 3);
            } finally {
                FutexSource.forceFallback = false;
            }
            drain(ch, 1, 20);
            assertEquals(before + 3, openDescriptors(), "a signalfd, an inotify descriptor and an eventfd");
            ch.remove(1);
            ch.remove(2);
            ch.remove(3);
            assertEquals(before, settle(ch, before), "all three closed once their polls were cancelled");
        }
    }

    @Test
    void closingTheChannelClosesThemToo() throws Exception {
        long before = openDescriptors();
        EventChannel ch = EventChannel.create();
        ch.addSignal(Signals.SIGUSR1, 1);
        ch.addPath(dir, FileChange.CREATE, 2);
        drain(ch, 1, 20);
        ch.close();
        assertEquals(before, openDescriptors(), "the wake eventfd and both sources' descriptors are closed");
    }
}
