package io.aionet.event;

import io.aionet.BackendKind;
import io.aionet.LinuxException;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link EventChannelOptions#sqPoll(int)}: a kernel thread polls the channel's submission queue — it is
 * there (the process has an {@code iou-sqp-*} thread while the channel is open), and the channel works as
 * any other (timers, a socket round trip, a submission queue filled past its size). On epoll it is refused.
 */
@Timeout(60)
class SqPollTest {
    private static long pollerThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith("iou-sqp");
                } catch (IOException e) {
                    return false; // the task ended while we looked
                }
            }).count();
        }
    }

    @Test
    void aPolledChannelHasAKernelPollerAndWorksAsAnyOther() throws Exception {
        assumeTrue(EventChannel.backendSelection().startsWith("backend: io_uring"), "SQPOLL needs io_uring: " + EventChannel.backendSelection());
        long before = pollerThreads();
        for (int i = 0; i < 100 && before > 0; i++) {
            Thread.sleep(20); // a poller of an earlier test's channel may still be ending
            before = pollerThreads();
        }
        EventChannel ch;
        try {
            ch = EventChannel.create(EventChannelOptions.defaults().submissionEntries(8).sqPoll(20));
        } catch (LinuxException e) {
            assumeTrue(false, "the kernel refused SQPOLL: " + e.getMessage());
            return;
        }
        try (ch; Arena a = Arena.ofConfined()) {
            assertTrue(ch.isSqPolling());
            assertEquals(BackendKind.IO_URING, ch.backend());
            long now = pollerThreads();
            for (int i = 0; i < 100 && now != before + 1; i++) {
                Thread.sleep(20); // the task shows in /proc once the kernel has started it
                now = pollerThreads();
            }
            assertEquals(before + 1, now, "the channel's poller thread");
            ch.addTimer(1, 1_000_000L, 0, TimerClock.MONOTONIC, false);
            for (int i = 0; i < 40; i++) { // more one-shot timers than the submission queue's 8 entries
                ch.addTimer(100 + i, 2_000_000L, 0, TimerClock.MONOTONIC, false);
            }
            AsyncServerSocket server = AsyncServerSocket.open(ch, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
            server.accept(2);
            AsyncSocket client = AsyncSocket.connect(ch, server.localAddress(), 1_000_000_000L, 3);
            int timers = 0;
            int accepted = -1;
            boolean connected = false;
            Event e = new Event();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((timers < 41 || accepted < 0 || !connected) && System.nanoTime() < deadline) {
                ch.await(1, 100_000_000L);
                while (ch.next(e)) {
                    if (e.kind() == EventKind.TIMER) {
                        timers++;
                    } else if (e.tag() == 2) {
                        accepted = e.result();
                    } else if (e.tag() == 3) {
                        assertEquals(0, e.result(), "connect: " + e);
                        connected = true;
                    }
                }
            }
            assertEquals(41, timers, "every timer fired");
            assertTrue(accepted >= 0 && connected, "a connection");
            AsyncSocket peer = AsyncSocket.adopt(ch, accepted);
            MemorySegment out = a.allocateFrom("polled");
            MemorySegment in = a.allocate(16);
            peer.receive(in, 0, 16, 0, 4);
            client.send(out, 0, 6, 5);
            int got = -1;
            deadline = System.nanoTime() + 5_000_000_000L;
            while (got < 0 && System.nanoTime() < deadline) {
                ch.await(1, 100_000_000L);
                while (ch.next(e)) {
                    if (e.tag() == 4) {
                        got = e.result();
                    }
                }
            }
            assertEquals(6, got);
            assertEquals("polled", new String(in.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE)));
            peer.close();
            client.close();
            server.close();
        }
        long after = pollerThreads();
        for (int i = 0; i < 50 && after > before; i++) {
            Thread.sleep(20); // the kernel ends the poller when the ring is gone
            after = pollerThreads();
        }
        assertEquals(before, after, "the poller ends with its channel");
    }

    @Test
    void onEpollSqPollIsRefusedNamingTheBackend() throws Exception {
        assumeTrue(EventChannel.backendSelection().startsWith("backend: epoll"), "the process runs on io_uring: " + EventChannel.backendSelection());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> EventChannel.create(EventChannelOptions.defaults().sqPoll(10)));
        assertTrue(e.getMessage().contains("epoll"), e.getMessage());
        try (EventChannel plain = EventChannel.create()) {
            assertFalse(plain.isSqPolling());
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventChannelOptions.defaults().sqPoll(-1));
        assertThrows(IllegalArgumentException.class, () -> EventChannelOptions.defaults().sqPoll(1, -2));
    }
}
