package io.aionet.aio;

import io.aionet.Errno;
import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.net.AsyncDatagramSocket;
import io.aionet.net.AsyncSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.aionet.aio.AioTestSupport.completion;
import static io.aionet.aio.AioTestSupport.put;
import static io.aionet.aio.AioTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drepper's POSIX AIO for sockets on an event channel of the backend the run chose (core's epoll execution
 * runs this class again with {@code -Daionet.backend=epoll}): every operation of the control block, the
 * {@code sigevent}s, {@code lio_listio}, {@code aio_error}/{@code aio_return}/{@code aio_cancel}/{@code
 * aio_suspend}, and the bad input and faults of the issue — a block reused in flight, a cancel of a
 * completed request, a list with an invalid entry.
 */
@Timeout(60)
class AioTest {
    private EventChannel ch;
    private Arena arena;
    private AsyncSocket client;
    private AsyncSocket server;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
        arena = Arena.ofShared();
        AsyncSocket[] p = AioTestSupport.pair(ch);
        client = p[0];
        server = p[1];
    }

    @AfterEach
    void close() {
        AioTestSupport.forget(ch);
        client.close();
        server.close();
        ch.close();
        arena.close();
    }

    private MemorySegment bytes(String s) {
        MemorySegment m = arena.allocate(Math.max(1, s.length()));
        put(m, 0, s);
        return m;
    }

    // ================================================================ the operations

    @Test
    void aSendAndARecvCompleteAsEventsCarryingTheirControlBlocks() {
        MemorySegment out = bytes("..hello");
        MemorySegment in = arena.allocate(64);
        AioRequest recv = new AioRequest().socket(server).recv(in, 8, 32).notify(ch, 2);
        AioRequest send = new AioRequest().socket(client).send(out, 2, 5).notify(ch, 1);
        Aio.submit(recv);
        Aio.submit(send);
        assertEquals(Aio.EINPROGRESS, Aio.error(recv));
        Event s = completion(ch, 1, null);
        assertEquals(EventKind.COMPLETION, s.kind());
        assertEquals(5, s.result());
        assertSame(send, s.attachment(), "the event carries its control block (sigev_value)");
        Event r = completion(ch, 2, null);
        assertEquals(5, r.result());
        assertEquals(0, Aio.error(recv));
        assertEquals(5, Aio.returnValue(recv));
        assertEquals("hello", text(in, 8, 5));
        assertEquals(AioOp.RECV, recv.operation());
        assertFalse(recv.inProgress());
    }

    @Test
    void aRecvFromAPoolHandsOverTheBufferTheKernelChose() throws Exception {
        try (DmaArea area = DmaArea.allocate(1 << 20, DmaOptions.defaults())) {
            ReceivePool pool = ch.receivePool(area, 3, 8, false);
            try {
                AioRequest recv = new AioRequest().socket(server).recv(pool).notify(ch, 2);
                Aio.submit(recv);
                Aio.submit(new AioRequest().socket(client).send(bytes("kernel-chosen"), 0, 13).notify(ch, 1));
                completion(ch, 1, null);
                Event e = completion(ch, 2, null);
                assertEquals(13, e.result());
                Buffer b = recv.buffer();
                assertTrue(b != null && b.isOwned(), "the program owns the buffer: " + b);
                byte[] got = new byte[13];
                b.get(0, got, 0, 13);
                assertEquals("kernel-chosen", new String(got, java.nio.charset.StandardCharsets.US_ASCII));
                b.release();
            } finally {
                pool.close();
            }
        }
    }

    @Test
    void sendToAndRecvFromCarryADatagramAndItsSender() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, any); AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, any)) {
            MemorySegment in = arena.allocate(16);
            AioRequest recv = new AioRequest().socket(b).recvFrom(in, 0, 16).notify(ch, 2);
            Aio.submit(recv);
            Aio.submit(new AioRequest().socket(a).sendTo(bytes("datagram-too-long"), 0, 17, b.localAddress()).notify(ch, 1));
            assertEquals(17, completion(ch, 1, null).result());
            Event e = completion(ch, 2, null);
            assertEquals(16, e.result(), "cut to the room given");
            assertTrue((recv.resultFlags() & io.aionet.linux.Sockets.MSG_TRUNC) != 0, "MSG_TRUNC: " + recv.resultFlags());
            assertEquals("datagram-too-lon", text(in, 0, 16));
            assertEquals(a.localAddress(), recv.sender());
        }
    }

    @Test
    void unixDatagramsGoByPath(@TempDir Path dir) throws Exception {
        java.net.UnixDomainSocketAddress at = java.net.UnixDomainSocketAddress.of(dir.resolve("aio-a"));
        java.net.UnixDomainSocketAddress bt = java.net.UnixDomainSocketAddress.of(dir.resolve("aio-b"));
        try (AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, at); AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, bt)) {
            MemorySegment first = arena.allocate(4);
            MemorySegment rest = arena.allocate(16);
            AioRequest recv = new AioRequest().socket(b).recvMsg(first, rest).notify(ch, 2);
            Aio.submit(recv);
            Aio.submit(new AioRequest().socket(a).sendMsg(bytes("unix "), bytes("datagram")).to(bt).notify(ch, 1));
            assertEquals(13, completion(ch, 1, null).result());
            assertEquals(13, completion(ch, 2, null).result());
            assertEquals("unix", text(first, 0, 4));
            assertEquals(" datagram", text(rest, 0, 9));
            assertEquals(at, recv.sender());
            assertThrows(IllegalArgumentException.class, () -> Aio.submit(new AioRequest().socket(a)
                    .sendTo(bytes("x"), 0, 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))), "an IP destination");
        }
    }

    @Test
    void sendMsgGathersAndRecvMsgScatters() {
        MemorySegment[] out = {bytes("head|"), bytes("body|"), bytes("tail")};
        MemorySegment first = arena.allocate(6);
        MemorySegment second = arena.allocate(8);
        AioRequest recv = new AioRequest().socket(server).recvMsg(first, second).flags(AioRequest.WAITALL).notify(ch, 2);
        Aio.submit(recv);
        Aio.submit(new AioRequest().socket(client).sendMsg(out).notify(ch, 1));
        assertEquals(14, completion(ch, 1, null).result());
        assertEquals(14, completion(ch, 2, null).result());
        assertEquals("head|b", text(first, 0, 6));
        assertEquals("ody|tail", text(second, 0, 8));
    }

    @Test
    void readWriteAndFsyncOfAFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("f");
        try (AioFile f = AioFile.open(ch, p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            Aio.submit(new AioRequest().file(f).write(bytes("0123456789"), 0, 10, 4096).notify(ch, 1));
            assertEquals(10, completion(ch, 1, null).result());
            AioRequest sync = new AioRequest().file(f).fsync(true).notify(ch, 2);
            Aio.submit(sync);
            assertEquals(0, completion(ch, 2, null).result());
            MemorySegment in = arena.allocate(32);
            AioRequest read = new AioRequest().file(f).read(in, 0, 32, 4094).notify(ch, 3);
            Aio.submit(read);
            assertEquals(12, completion(ch, 3, null).result(), "two zeros of the hole, then ten bytes, then the end");
            assertEquals("0123456789", text(in, 2, 10));
            assertEquals(4106, f.size());
            Aio.submit(read.read(in, 0, 8, 5000)); // reused: past the end
            assertEquals(0, completion(ch, 3, null).result());
        }
        assertEquals("0123456789", Files.readString(p).substring(4096));
    }

    @Test
    void aDescriptorOfTheProgramIsATargetToo() {
        int[] pipe = new int[2];
        assertEquals(0, io.aionet.linux.Fds.pipe2(pipe, io.aionet.linux.Fds.O_CLOEXEC));
        try {
            MemorySegment in = arena.allocate(16);
            AioRequest read = new AioRequest().descriptor(ch, pipe[0]).read(in, 0, 16, -1).notify(ch, 1);
            Aio.submit(read);
            assertFalse(Aio.suspend(20_000_000L, read), "an empty pipe: the read waits");
            Aio.submit(new AioRequest().descriptor(ch, pipe[1]).write(bytes("through a pipe"), 0, 14, -1).notify(ch, 2));
            assertEquals(14, completion(ch, 2, null).result());
            assertEquals(14, completion(ch, 1, null).result());
            assertEquals("through a pipe", text(in, 0, 14));
            Aio.submit(new AioRequest().descriptor(ch, pipe[0]).fsync(false).notify(ch, 3));
            assertEquals(-Errno.EINVAL, completion(ch, 3, null).result(), "a pipe cannot be synced");
            assertThrows(IllegalArgumentException.class, () -> new AioRequest().descriptor(ch, -1));
        } finally {
            io.aionet.linux.Fds.close(pipe[0]);
            io.aionet.linux.Fds.close(pipe[1]);
        }
    }

    @Test
    void aPeekLeavesTheBytesInTheSocket() {
        MemorySegment a = arena.allocate(8);
        MemorySegment b = arena.allocate(8);
        Aio.submit(new AioRequest().socket(client).send(bytes("peeked"), 0, 6).notifyNone());
        AioRequest peek = new AioRequest().socket(server).recv(a, 0, 6).flags(AioRequest.PEEK | AioRequest.WAITALL).notify(ch, 1);
        Aio.submit(peek);
        assertEquals(6, completion(ch, 1, null).result());
        Aio.submit(new AioRequest().socket(server).recv(b, 0, 6).flags(AioRequest.WAITALL).notify(ch, 2));
        assertEquals(6, completion(ch, 2, null).result());
        assertEquals("peeked", text(a, 0, 6));
        assertEquals("peeked", text(b, 0, 6), "the same bytes again");
    }

    @Test
    void anAioFileRefusesWhatIsNoRegularFileAndNamesTheError(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("exists");
        Files.writeString(p, "x");
        io.aionet.LinuxException exists = assertThrows(io.aionet.LinuxException.class,
                () -> AioFile.open(ch, p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        assertEquals(Errno.EEXIST, exists.errno());
        assertEquals(Errno.ENOENT, assertThrows(io.aionet.LinuxException.class, () -> AioFile.open(ch, dir.resolve("none"))).errno());
        assertThrows(IllegalArgumentException.class, () -> AioFile.open(ch, dir), "a directory");
        assertThrows(IllegalArgumentException.class, () -> AioFile.open(ch, p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        AioFile f = AioFile.open(ch, p, StandardOpenOption.APPEND);
        assertEquals(1, f.size());
        f.close();
        f.close(); // twice is harmless
        assertThrows(IllegalStateException.class, f::size);
        assertThrows(IllegalStateException.class, () -> Aio.submit(new AioRequest().file(f).fsync(false)), "a closed file");
    }

    @Test
    void aFileSendMovesTheRangeFromAFileOrADescriptor(@TempDir Path dir) throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(5).nextBytes(data);
        Path p = dir.resolve("big");
        Files.write(p, data);
        try (AioFile f = AioFile.open(ch, p)) {
            MemorySegment in = arena.allocate(data.length);
            AioRequest recv = new AioRequest().socket(server).recv(in, 0, data.length - 100).flags(AioRequest.WAITALL).notify(ch, 2);
            Aio.submit(recv);
            AioRequest send = new AioRequest().socket(client).sendFile(f, 100, data.length - 100).notify(ch, 1);
            Aio.submit(send);
            assertEquals(data.length - 100, completion(ch, 1, null).result());
            assertEquals(data.length - 100, completion(ch, 2, null).result());
            assertArrayEquals(Arrays.copyOfRange(data, 100, data.length), in.asSlice(0, data.length - 100).toArray(ValueLayout.JAVA_BYTE));
            // from a descriptor the program owns; a range past the end is short
            int fd = io.aionet.linux.Fds.open(p.toString(), io.aionet.linux.Fds.O_RDONLY | io.aionet.linux.Fds.O_CLOEXEC, 0);
            try {
                Aio.submit(recv.recv(in, 0, 10).flags(AioRequest.WAITALL));
                Aio.submit(send.sendFile(fd, data.length - 10, 1000));
                assertEquals(10, completion(ch, 1, null).result(), "the file ends first");
                assertEquals(10, completion(ch, 2, null).result());
                assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), in.asSlice(0, 10).toArray(ValueLayout.JAVA_BYTE));
            } finally {
                io.aionet.linux.Fds.close(fd);
            }
        }
    }

    // ================================================================ sigevent, aio_error, aio_suspend

    @Test
    void withoutANotificationErrorAndSuspendTellWhenItCompleted() {
        MemorySegment in = arena.allocate(16);
        AioRequest recv = new AioRequest().socket(server).recv(in, 0, 16).notifyNone();
        Aio.submit(recv);
        assertFalse(Aio.suspend(30_000_000L, recv), "nothing arrived: the wait times out (EAGAIN)");
        assertEquals(Aio.EINPROGRESS, Aio.error(recv));
        Aio.submit(new AioRequest().socket(client).send(bytes("quiet"), 0, 5).notifyNone());
        assertTrue(Aio.suspend(5_000_000_000L, null, recv), "a null entry is skipped; the receive completes");
        assertEquals(0, Aio.error(recv));
        assertEquals(5, Aio.returnValue(recv));
        assertTrue(AioTestSupport.drain(ch, 20).stream().noneMatch(e -> e.kind() == EventKind.COMPLETION),
                "SIGEV_NONE: no event");
    }

    @Test
    void aNotificationToAnotherChannelIsAUserEventThere() throws Exception {
        try (EventChannel other = EventChannel.create()) {
            Aio.submit(new AioRequest().socket(client).send(bytes("elsewhere"), 0, 9).notify(other, 77));
            long deadline = System.nanoTime() + 5_000_000_000L;
            Event e = new Event();
            while (true) {
                assertTrue(System.nanoTime() < deadline, "no event on the other channel");
                ch.await(1, 10_000_000L); // the request runs on the socket's channel
                while (ch.next(new Event())) {
                    // nothing for this channel
                }
                if (other.next(e)) {
                    break;
                }
            }
            assertEquals(EventKind.USER, e.kind());
            assertEquals(77, e.tag());
            assertEquals(9, e.result());
        }
    }

    // ================================================================ bad input and faults

    @Test
    void aBlockStillInFlightCannotBeSubmittedChangedOrListedAgain() {
        AioRequest recv = new AioRequest().socket(server).recv(arena.allocate(16), 0, 16).notify(ch, 2);
        Aio.submit(recv);
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> Aio.submit(recv));
        assertTrue(again.getMessage().contains("still in flight"), again.getMessage());
        assertThrows(IllegalStateException.class, () -> recv.recv(arena.allocate(8), 0, 8));
        assertThrows(IllegalStateException.class, () -> recv.notify(ch, 3));
        AioRequest other = new AioRequest().socket(client).send(bytes("x"), 0, 1).notify(ch, 1);
        assertThrows(IllegalStateException.class, () -> Aio.listio(Aio.LIO_NOWAIT, other, recv));
        assertThrows(IllegalStateException.class, () -> Aio.returnValue(recv), "aio_return before the completion");
        assertThrows(IllegalStateException.class, () -> Aio.error(other), "the list was refused whole: never submitted");
        Aio.submit(other);
        completion(ch, 1, null);
        completion(ch, 2, null);
        assertEquals(1, Aio.returnValue(recv));
        assertThrows(IllegalStateException.class, () -> Aio.returnValue(recv), "aio_return once per completion");
    }

    @Test
    void aCancelOfACompletedRequestIsAllDone() {
        AioRequest send = new AioRequest().socket(client).send(bytes("done"), 0, 4).notify(ch, 1);
        Aio.submit(send);
        completion(ch, 1, null);
        assertEquals(Aio.AIO_ALLDONE, Aio.cancel(send));
        assertEquals(Aio.AIO_ALLDONE, Aio.cancel(new AioRequest()), "never submitted: nothing to cancel");
        assertEquals(Aio.AIO_ALLDONE, Aio.cancel(client), "nothing in flight on the socket");
        assertEquals(0, Aio.error(send));
    }

    @Test
    void aCancelOfAPendingReceiveStopsIt() {
        AioRequest recv = new AioRequest().socket(server).recv(arena.allocate(16), 0, 16).notify(ch, 2);
        Aio.submit(recv);
        assertEquals(Aio.AIO_CANCELED, Aio.cancel(recv));
        assertEquals(Errno.ECANCELED, Aio.error(recv));
        assertEquals(-Errno.ECANCELED, completion(ch, 2, null).result(), "its notification came");
        AioRequest again = new AioRequest().socket(server).recv(arena.allocate(16), 0, 16).notifyNone();
        Aio.submit(again);
        assertEquals(Aio.AIO_CANCELED, Aio.cancel(server), "aio_cancel(fd, NULL)");
        assertEquals(Errno.ECANCELED, Aio.error(again));
    }

    @Test
    void aListWithOneInvalidEntryFailsThatEntryAndCompletesTheOthers() {
        MemorySegment in = arena.allocate(16);
        AioRequest good1 = new AioRequest().socket(client).send(bytes("abc"), 0, 3).notify(ch, 1);
        AioRequest outside = new AioRequest().socket(client).send(bytes("abc"), 2, 3).notify(ch, 2); // [2, 5) of 3 bytes
        AioRequest good2 = new AioRequest().socket(server).recv(in, 0, 3).flags(AioRequest.WAITALL).notify(ch, 3);
        AioRequest noTarget = new AioRequest().send(bytes("abc"), 0, 3);
        assertEquals(2, Aio.listio(Aio.LIO_WAIT, good1, outside, new AioRequest().nop(), null, good2, noTarget));
        assertEquals(0, Aio.error(good1));
        assertEquals(0, Aio.error(good2));
        assertEquals("abc", text(in, 0, 3));
        assertEquals(Errno.EINVAL, Aio.error(outside));
        assertEquals(Errno.EBADF, Aio.error(noTarget));
        List<Event> evs = AioTestSupport.drain(ch, 20);
        assertTrue(evs.stream().anyMatch(e -> e.tag() == 2 && e.result() == -Errno.EINVAL), "the failed entry notified: " + evs);
        assertTrue(evs.stream().anyMatch(e -> e.tag() == 1 && e.result() == 3), evs.toString());
        // NOWAIT: the count is of the entries that could not be submitted
        server.close();
        AioRequest closed = new AioRequest().socket(server).recv(in, 0, 3).notify(ch, 4);
        AioRequest fine = new AioRequest().socket(client).send(bytes("z"), 0, 1).notify(ch, 5);
        assertEquals(1, Aio.listio(Aio.LIO_NOWAIT, closed, fine));
        assertEquals(Errno.EBADF, Aio.error(closed));
        assertEquals(1, completion(ch, 5, null).result());
    }

    @Test
    void aDirectSubmitOfABadBlockThrowsSayingWhy() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Aio.submit(new AioRequest().socket(client).send(bytes("abc"), 1, 5)));
        assertTrue(range.getMessage().contains("outside"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aio.submit(new AioRequest().socket(client).recvFrom(arena.allocate(4), 0, 4)),
                "recvfrom needs a datagram socket");
        assertThrows(IllegalArgumentException.class, () -> Aio.submit(new AioRequest().socket(client)), "no operation");
        assertThrows(IllegalStateException.class, () -> Aio.submit(new AioRequest().send(bytes("a"), 0, 1)), "no target");
        assertThrows(IllegalArgumentException.class, () -> Aio.submit(new AioRequest().socket(client).send(
                MemorySegment.ofArray(new byte[4]), 0, 4)), "heap memory");
        assertThrows(IllegalArgumentException.class, () -> new AioRequest().flags(0x40));
        assertThrows(IllegalStateException.class, () -> Aio.error(new AioRequest()), "never submitted");
        assertThrows(IllegalArgumentException.class, () -> Aio.listio(7));
        AioRequest r = new AioRequest().socket(client).send(bytes("a"), 0, 1);
        assertThrows(IllegalArgumentException.class, () -> Aio.listio(Aio.LIO_NOWAIT, r, r), "listed twice");
        assertThrows(IllegalArgumentException.class, () -> Aio.suspend(1, r), "never submitted: nothing to wait for");
        client.close();
        assertThrows(IllegalStateException.class, () -> Aio.submit(r), "a closed socket");
    }

    @Test
    void callsOffTheOwnerThreadAreRefused() throws Exception {
        AioRequest r = new AioRequest().socket(client).send(bytes("a"), 0, 1);
        Throwable[] t = new Throwable[1];
        Thread th = Thread.ofPlatform().start(() -> {
            try {
                Aio.submit(r);
            } catch (Throwable x) {
                t[0] = x;
            }
        });
        th.join();
        assertTrue(t[0] instanceof WrongThreadException, String.valueOf(t[0]));
    }

    // ================================================================ chains

    @Test
    void headFileAndTrailerArriveInOrderAsOneChain(@TempDir Path dir) throws Exception {
        byte[] body = new byte[256 * 1024 + 3];
        new Random(9).nextBytes(body);
        Path p = dir.resolve("body");
        Files.write(p, body);
        try (AioFile f = AioFile.open(ch, p)) {
            MemorySegment head = bytes("HEAD");
            MemorySegment trailer = bytes("TRAILER");
            AioRequest h = new AioRequest().socket(client).send(head, 0, 4).link(true).notify(ch, 1);
            AioRequest b = new AioRequest().socket(client).sendFile(f, 0, body.length).link(true).notify(ch, 2);
            AioRequest t = new AioRequest().socket(client).send(trailer, 0, 7).notify(ch, 3);
            int total = 4 + body.length + 7;
            MemorySegment in = arena.allocate(total);
            AioRequest recv = new AioRequest().socket(server).recv(in, 0, total).flags(AioRequest.WAITALL).notifyNone();
            Aio.submit(recv);
            assertEquals(0, Aio.listio(Aio.LIO_WAIT, h, b, t));
            assertEquals(4, Aio.returnValue(h));
            assertEquals(body.length, Aio.returnValue(b));
            assertEquals(7, Aio.returnValue(t));
            assertTrue(Aio.suspend(5_000_000_000L, recv));
            assertEquals(total, Aio.returnValue(recv));
            assertEquals("HEAD", text(in, 0, 4));
            assertArrayEquals(body, in.asSlice(4, body.length).toArray(ValueLayout.JAVA_BYTE));
            assertEquals("TRAILER", text(in, 4 + body.length, 7));
            List<Event> evs = AioTestSupport.drain(ch, 10);
            assertEquals(List.of(1L, 2L, 3L), evs.stream().filter(e -> e.kind() == EventKind.COMPLETION).map(Event::tag).toList(),
                    "completed in the chain's order");
        }
    }

    @Test
    void aShortReadBreaksItsChainAndTheRestIsCancelled(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("short");
        Files.write(p, new byte[10]);
        try (AioFile f = AioFile.open(ch, p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            AioRequest read = new AioRequest().file(f).read(arena.allocate(100), 0, 100, 0).link(true).notify(ch, 1);
            AioRequest write = new AioRequest().file(f).write(bytes("never"), 0, 5, 0).link(true).notify(ch, 2);
            AioRequest send = new AioRequest().socket(client).send(bytes("never"), 0, 5).notify(ch, 3);
            assertEquals(2, Aio.listio(Aio.LIO_WAIT, read, write, send));
            assertEquals(10, Aio.returnValue(read), "short: the file has ten bytes");
            assertEquals(Errno.ECANCELED, Aio.error(write));
            assertEquals(Errno.ECANCELED, Aio.error(send));
            assertEquals(0, Files.readAllBytes(p)[0], "the linked write never ran");
        }
    }

    @Test
    void aChainWithAnInvalidEntryDoesNotStart() {
        AioRequest first = new AioRequest().socket(client).send(bytes("one"), 0, 3).link(true).notify(ch, 1);
        AioRequest bad = new AioRequest().socket(client).send(bytes("two"), 0, 30).link(true).notify(ch, 2);
        AioRequest last = new AioRequest().socket(client).send(bytes("three"), 0, 5).notify(ch, 3);
        AioRequest alone = new AioRequest().socket(client).send(bytes("four"), 0, 4).notify(ch, 4);
        assertEquals(3, Aio.listio(Aio.LIO_NOWAIT, first, bad, last, alone));
        assertEquals(Errno.ECANCELED, Aio.error(first));
        assertEquals(Errno.EINVAL, Aio.error(bad));
        assertEquals(Errno.ECANCELED, Aio.error(last));
        assertEquals(4, completion(ch, 4, null).result(), "the entry after the chain runs");
        MemorySegment in = arena.allocate(8);
        AioRequest recv = new AioRequest().socket(server).recv(in, 0, 8).notify(ch, 5);
        Aio.submit(recv);
        assertEquals(4, completion(ch, 5, null).result());
        assertEquals("four", text(in, 0, 4), "none of the chain's bytes went out");
    }

    @Test
    void aChainWaitsForItsEntryBeforeAcrossTargets(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("log");
        try (AioFile f = AioFile.open(ch, p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            MemorySegment in = arena.allocate(5);
            AioRequest recv = new AioRequest().socket(server).recv(in, 0, 5).flags(AioRequest.WAITALL).link(true).notify(ch, 1);
            AioRequest write = new AioRequest().file(f).write(in, 0, 5, 0).notify(ch, 2);
            assertEquals(0, Aio.listio(Aio.LIO_NOWAIT, recv, write));
            assertTrue(AioTestSupport.drain(ch, 50).isEmpty(), "the write waits for the receive");
            assertEquals(Aio.EINPROGRESS, Aio.error(write));
            Aio.submit(new AioRequest().socket(client).send(bytes("later"), 0, 5).notifyNone());
            assertEquals(5, completion(ch, 1, null).result());
            assertEquals(5, completion(ch, 2, null).result());
        }
        assertEquals("later", Files.readString(p), "the write wrote what the receive brought");
    }

    @Test
    void aCancelledChainEntryCancelsTheRestOfItsChain() {
        AioRequest recv = new AioRequest().socket(server).recv(arena.allocate(8), 0, 8).link(true).notify(ch, 1);
        AioRequest send = new AioRequest().socket(server).send(bytes("reply"), 0, 5).notify(ch, 2);
        assertEquals(0, Aio.listio(Aio.LIO_NOWAIT, recv, send));
        assertEquals(Aio.AIO_CANCELED, Aio.cancel(recv));
        assertTrue(Aio.suspend(5_000_000_000L, send));
        assertEquals(Errno.ECANCELED, Aio.error(send));
    }

    @Test
    void cancellingEverythingOnATargetReachesTheEntriesWaitingInChains(@TempDir Path dir) throws Exception {
        AioRequest recv = new AioRequest().socket(server).recv(arena.allocate(8), 0, 8).link(true).notify(ch, 1);
        AioRequest send = new AioRequest().socket(server).send(bytes("reply"), 0, 5).notify(ch, 2);
        assertEquals(0, Aio.listio(Aio.LIO_NOWAIT, recv, send));
        assertEquals(Aio.AIO_CANCELED, Aio.cancel(server), "the receive and the send linked behind it");
        assertEquals(Errno.ECANCELED, Aio.error(recv));
        assertTrue(Aio.suspend(5_000_000_000L, send));
        assertEquals(Errno.ECANCELED, Aio.error(send));
        try (AioFile f = AioFile.open(ch, dir.resolve("chained"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            MemorySegment in = arena.allocate(4);
            AioRequest wait = new AioRequest().socket(server).recv(in, 0, 4).link(true).notify(ch, 3);
            AioRequest write = new AioRequest().file(f).write(in, 0, 4, 0).notify(ch, 4);
            assertEquals(0, Aio.listio(Aio.LIO_NOWAIT, wait, write));
            assertEquals(Aio.AIO_CANCELED, Aio.cancel(f), "the write waits in the library for the receive");
            assertEquals(Errno.ECANCELED, Aio.error(write));
            assertEquals(Aio.EINPROGRESS, Aio.error(wait), "the receive on the socket goes on");
            assertEquals(Aio.AIO_ALLDONE, Aio.cancel(f), "nothing left on the file");
            assertEquals(Aio.AIO_CANCELED, Aio.cancel(wait));
        }
    }

    // ================================================================ allocation

    /**
     * Bytes allocated by the last of up to 40 windows of {@code rounds} {@code lio_listio} round trips of
     * {@code list} (each entry's result {@code bytes}): the first window that allocates nothing ends the
     * warm-up, so 0 means the steady state allocates nothing once compiled.
     */
    private long steadyStateAllocation(AioRequest[] list, int rounds, long bytes) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        Event e = new Event();
        long last = -1;
        for (int window = 0; window < 40 && last != 0; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++) {
                Aio.listio(Aio.LIO_NOWAIT, list);
                int seen = 0;
                while (seen < list.length) {
                    ch.await(1, 1_000_000_000L);
                    while (ch.next(e)) {
                        seen++;
                    }
                }
                for (AioRequest r : list) {
                    if (Aio.returnValue(r) != bytes) {
                        throw new AssertionError("a round trip fell short: " + r);
                    }
                }
            }
            last = mx.getCurrentThreadAllocatedBytes() - before;
        }
        return last;
    }

    /** A block reused for a steady stream of sends and receives allocates nothing once compiled. */
    @Test
    void reusedBlocksAllocateNothing() {
        MemorySegment out = bytes("ping-pong");
        MemorySegment in = arena.allocate(16);
        AioRequest send = new AioRequest().socket(client).send(out, 0, 9).notify(ch, 1);
        AioRequest recv = new AioRequest().socket(server).recv(in, 0, 9).flags(AioRequest.WAITALL).notify(ch, 2);
        assertEquals(0, steadyStateAllocation(new AioRequest[] {recv, send}, 2_000, 9),
                "bytes allocated by 2,000 lio_listio round trips after warm-up");
        assertNull(recv.buffer());
    }

    /** The same for datagrams: sendto to one address instance and recvfrom, both through the block's msghdr. */
    @Test
    void reusedDatagramBlocksAllocateNothing() throws Exception {
        // Known gap: on the epoll backend some runs allocate 80 B per sendto/recvfrom round trip in every
        // window (the compiler does not always remove it); not yet found, so not claimed there.
        assumeTrue(ch.backend() != io.aionet.BackendKind.EPOLL,
                "epoll: datagram round trips sometimes allocate 80 B each (known, not yet found); checked on io_uring");
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (AsyncDatagramSocket a = AsyncDatagramSocket.open(ch, any); AsyncDatagramSocket b = AsyncDatagramSocket.open(ch, any)) {
            MemorySegment in = arena.allocate(16);
            AioRequest send = new AioRequest().socket(a).sendTo(bytes("datagram"), 0, 8, b.localAddress()).notify(ch, 1);
            AioRequest recv = new AioRequest().socket(b).recvFrom(in, 0, 16).notify(ch, 2);
            assertEquals(0, steadyStateAllocation(new AioRequest[] {recv, send}, 1_000, 8),
                    "bytes allocated by 1,000 sendto/recvfrom round trips after warm-up");
            assertEquals(a.localAddress(), recv.sender(), "the sender, made on demand");
        }
    }
}
