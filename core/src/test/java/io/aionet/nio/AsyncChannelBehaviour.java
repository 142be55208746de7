package io.aionet.nio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalChannelGroupException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ReadPendingException;
import java.nio.channels.ShutdownChannelGroupException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.WritePendingException;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The NIO.2 behaviour suite: one set of tests that runs against the JDK's own provider (the oracle,
 * {@link JdkProviderBehaviourTest}) and against aionet's ({@link AionetProviderBehaviourTest}); both
 * must pass. Peers are plain blocking {@link Socket}s, so that only one side is under test.
 */
abstract class AsyncChannelBehaviour {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** The provider under test. */
    abstract AsynchronousChannelProvider provider();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<AsynchronousChannelGroup> groups = new ArrayList<>();
    AsynchronousChannelGroup group;

    @BeforeEach
    void openGroup() throws IOException {
        group = group(2, "grp");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        for (AsynchronousChannelGroup g : groups) {
            g.shutdownNow();
            assertTrue(g.awaitTermination(10, TimeUnit.SECONDS), "group did not terminate");
        }
    }

    AsynchronousChannelGroup group(int threads, String prefix) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        AsynchronousChannelGroup g = provider().openAsynchronousChannelGroup(threads, f);
        groups.add(g);
        return g;
    }

    <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    AsynchronousServerSocketChannel server() throws IOException {
        return closeLater(provider().openAsynchronousServerSocketChannel(group))
                .bind(new InetSocketAddress(LOOPBACK, 0));
    }

    AsynchronousSocketChannel client() throws IOException {
        return closeLater(provider().openAsynchronousSocketChannel(group));
    }

    /** A blocking peer listening on loopback. */
    ServerSocket peerServer() throws IOException {
        return closeLater(new ServerSocket(0, 50, LOOPBACK));
    }

    /** [the channel under test, the blocking peer] connected to each other. */
    record Pair(AsynchronousSocketChannel ch, Socket peer) {}

    Pair connected() throws Exception {
        ServerSocket ss = peerServer();
        AsynchronousSocketChannel ch = client();
        ch.connect(ss.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
        Socket peer = closeLater(ss.accept());
        return new Pair(ch, peer);
    }

    /** Fills the channel's send path (the peer does not read) until a write stays pending; returns it. */
    Capture<Integer> fillUntilPending(AsynchronousSocketChannel ch) throws Exception {
        ByteBuffer big = ByteBuffer.allocateDirect(1 << 20);
        for (int i = 0; i < 200; i++) {
            big.clear();
            Capture<Integer> w = new Capture<>();
            ch.write(big, null, w);
            if (w.stillPending(300)) {
                return w;
            }
            w.result();
        }
        throw new AssertionError("the send path never filled up");
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    // ================================================================ connect, accept, transfer

    @Test
    void handlerEchoWithHeapBuffersRunsHandlersOnGroupThreads() throws Exception {
        Pair p = connected();
        byte[] msg = "hello, uring".getBytes();
        Capture<Integer> w = new Capture<>();
        p.ch.write(ByteBuffer.wrap(msg), "att", w);
        assertEquals(msg.length, w.result());
        assertEquals("att", w.attachment);
        assertTrue(w.thread.getName().startsWith("grp-"), "handler ran on " + w.thread.getName());
        byte[] got = p.peer.getInputStream().readNBytes(msg.length);
        assertArrayEquals(msg, got);

        p.peer.getOutputStream().write("back".getBytes());
        ByteBuffer dst = ByteBuffer.allocate(64);
        Capture<Integer> r = new Capture<>();
        p.ch.read(dst, 5, TimeUnit.SECONDS, null, r);
        int n = r.result();
        assertTrue(n > 0 && n <= 4);
        assertEquals(n, dst.position());
        assertTrue(r.thread.getName().startsWith("grp-"));
    }

    @Test
    void futureFormsWithDirectBuffers() throws Exception {
        AsynchronousServerSocketChannel server = server();
        Future<AsynchronousSocketChannel> accepted = server.accept();
        AsynchronousSocketChannel c = client();
        assertNull(c.connect(server.getLocalAddress()).get(10, TimeUnit.SECONDS));
        AsynchronousSocketChannel s = closeLater(accepted.get(10, TimeUnit.SECONDS));
        assertEquals(c.getLocalAddress(), s.getRemoteAddress());
        assertEquals(c.getRemoteAddress(), s.getLocalAddress());
        assertEquals(server.getLocalAddress(), c.getRemoteAddress());

        ByteBuffer out = ByteBuffer.allocateDirect(100).put(random(100, 1)).flip();
        assertEquals(100, c.write(out).get(10, TimeUnit.SECONDS));
        assertEquals(100, out.position());
        ByteBuffer in = ByteBuffer.allocateDirect(100);
        while (in.hasRemaining()) {
            assertTrue(s.read(in).get(10, TimeUnit.SECONDS) > 0);
        }
        in.flip();
        byte[] b = new byte[100];
        in.get(b);
        assertArrayEquals(random(100, 1), b);
    }

    @Test
    void fourMegabytesBothWaysKeepTheirChecksums() throws Exception {
        AsynchronousServerSocketChannel server = server();
        Future<AsynchronousSocketChannel> accepted = server.accept();
        AsynchronousSocketChannel c = client();
        c.connect(server.getLocalAddress()).get(10, TimeUnit.SECONDS);
        AsynchronousSocketChannel s = closeLater(accepted.get(10, TimeUnit.SECONDS));
        byte[] data = random(4 << 20, 7);
        Future<byte[]> reader = Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
            byte[] got = new byte[data.length];
            ByteBuffer buf = ByteBuffer.allocate(50_000); // heap, odd size
            int at = 0;
            while (at < got.length) {
                buf.clear();
                int n = s.read(buf).get(10, TimeUnit.SECONDS);
                if (n < 0) {
                    break;
                }
                buf.flip();
                buf.get(got, at, n);
                at += n;
            }
            return got;
        });
        ByteBuffer src = ByteBuffer.wrap(data);
        while (src.hasRemaining()) {
            int before = src.position();
            int n = c.write(src).get(10, TimeUnit.SECONDS);
            assertEquals(before + n, src.position());
        }
        assertEquals(crc(data, 0, data.length), crc(reader.get(20, TimeUnit.SECONDS), 0, data.length));
    }

    @Test
    void scatteringReadAndGatheringWriteMixHeapAndDirect() throws Exception {
        Pair p = connected();
        ByteBuffer[] srcs = {ByteBuffer.wrap(random(10, 1)), ByteBuffer.allocateDirect(20).put(random(20, 2)).flip(),
                ByteBuffer.wrap(random(30, 3))};
        Capture<Long> w = new Capture<>();
        p.ch.write(srcs, 0, 3, 5, TimeUnit.SECONDS, null, w);
        assertEquals(60L, w.result());
        for (ByteBuffer b : srcs) {
            assertFalse(b.hasRemaining());
        }
        byte[] got = p.peer.getInputStream().readNBytes(60);
        assertArrayEquals(random(10, 1), java.util.Arrays.copyOfRange(got, 0, 10));
        assertArrayEquals(random(20, 2), java.util.Arrays.copyOfRange(got, 10, 30));
        assertArrayEquals(random(30, 3), java.util.Arrays.copyOfRange(got, 30, 60));

        p.peer.getOutputStream().write(random(25, 9));
        Thread.sleep(100); // let all 25 bytes arrive, so that one read takes them
        ByteBuffer[] dsts = {ByteBuffer.allocate(5), ByteBuffer.allocateDirect(10), ByteBuffer.allocate(100)};
        Capture<Long> r = new Capture<>();
        p.ch.read(dsts, 0, 3, 5, TimeUnit.SECONDS, null, r);
        assertEquals(25L, r.result());
        assertEquals(5, dsts[0].position());
        assertEquals(10, dsts[1].position());
        assertEquals(10, dsts[2].position());
        ByteBuffer all = ByteBuffer.allocate(25);
        for (ByteBuffer d : dsts) {
            all.put(d.flip());
        }
        assertArrayEquals(random(25, 9), all.array());
    }

    @Test
    void scatteringReadWithASubrangeUsesOnlyThoseBuffers() throws Exception {
        Pair p = connected();
        p.peer.getOutputStream().write(new byte[] {1, 2, 3});
        ByteBuffer[] dsts = {ByteBuffer.allocate(8), ByteBuffer.allocate(8), ByteBuffer.allocate(8)};
        Capture<Long> r = new Capture<>();
        p.ch.read(dsts, 1, 1, 5, TimeUnit.SECONDS, null, r);
        long n = r.result();
        assertTrue(n >= 1 && n <= 3);
        assertEquals(0, dsts[0].position());
        assertEquals(n, dsts[1].position());
        assertEquals(0, dsts[2].position());
        assertThrows(IndexOutOfBoundsException.class, () -> p.ch.read(dsts, 2, 2, 0, TimeUnit.SECONDS, null, new Capture<>()));
        assertThrows(IndexOutOfBoundsException.class, () -> p.ch.write(dsts, -1, 1, 0, TimeUnit.SECONDS, null, new Capture<>()));
    }

    @Test
    void executorGroupRunsHandlersOnTheExecutorAndShutsItDown() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AsynchronousChannelGroup g = provider().openAsynchronousChannelGroup(pool, 1);
        groups.add(g);
        ServerSocket ss = peerServer();
        AsynchronousSocketChannel ch = closeLater(provider().openAsynchronousSocketChannel(g));
        Capture<Void> c = new Capture<>();
        ch.connect(ss.getLocalSocketAddress(), null, c);
        c.result();
        assertTrue(c.thread.getName().startsWith("pool-"), c.thread.getName());
        ch.close();
        g.shutdown();
        assertTrue(g.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(pool.isShutdown());
    }

    @Test
    void acceptedChannelsBelongToTheGroupAndSeeThePeer() throws Exception {
        AsynchronousServerSocketChannel server = server();
        Capture<AsynchronousSocketChannel> a = new Capture<>();
        server.accept("A", a);
        Socket peer = closeLater(new Socket(LOOPBACK, ((InetSocketAddress) server.getLocalAddress()).getPort()));
        AsynchronousSocketChannel s = closeLater(a.result());
        assertEquals("A", a.attachment);
        assertTrue(a.thread.getName().startsWith("grp-"));
        assertEquals(peer.getLocalSocketAddress(), s.getRemoteAddress());
        assertEquals(s.provider(), provider());
        peer.getOutputStream().write(42);
        ByteBuffer b = ByteBuffer.allocate(1);
        assertEquals(1, s.read(b).get(10, TimeUnit.SECONDS));
        assertEquals(42, b.get(0));
    }

    @Test
    void connectionsThatArriveBeforeAcceptAreAcceptedInOrder() throws Exception {
        AsynchronousServerSocketChannel server = server();
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        Socket p1 = closeLater(new Socket(LOOPBACK, port));
        AsynchronousSocketChannel s1 = closeLater(server.accept().get(10, TimeUnit.SECONDS));
        Socket p2 = closeLater(new Socket(LOOPBACK, port));
        Socket p3 = closeLater(new Socket(LOOPBACK, port));
        Thread.sleep(100);
        AsynchronousSocketChannel s2 = closeLater(server.accept().get(10, TimeUnit.SECONDS));
        AsynchronousSocketChannel s3 = closeLater(server.accept().get(10, TimeUnit.SECONDS));
        assertEquals(p1.getLocalSocketAddress(), s1.getRemoteAddress());
        assertEquals(p2.getLocalSocketAddress(), s2.getRemoteAddress());
        assertEquals(p3.getLocalSocketAddress(), s3.getRemoteAddress());
    }

    // ================================================================ end of stream, shutdown, nothing to do

    @Test
    void endOfStreamReadsMinusOne() throws Exception {
        Pair p = connected();
        p.peer.shutdownOutput();
        assertEquals(-1, p.ch.read(ByteBuffer.allocate(8)).get(10, TimeUnit.SECONDS));
        Capture<Long> r = new Capture<>();
        p.ch.read(new ByteBuffer[] {ByteBuffer.allocate(4)}, 0, 1, 0, TimeUnit.SECONDS, null, r);
        assertEquals(-1L, r.result());
    }

    @Test
    void shutdownInputCompletesReadsWithMinusOneAtOnce() throws Exception {
        Pair p = connected();
        p.ch.shutdownInput();
        assertEquals(-1, p.ch.read(ByteBuffer.allocate(8)).get(1, TimeUnit.SECONDS));
        p.ch.shutdownInput(); // twice is harmless
    }

    @Test
    void shutdownOutputSendsEndOfStreamAndRefusesWrites() throws Exception {
        Pair p = connected();
        p.ch.shutdownOutput();
        assertEquals(-1, p.peer.getInputStream().read());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> p.ch.write(ByteBuffer.wrap(new byte[1])).get(5, TimeUnit.SECONDS));
        assertInstanceOf(ClosedChannelException.class, e.getCause());
        IOException opt = assertThrows(IOException.class, () -> p.ch.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertFalse(opt instanceof ClosedChannelException);
    }

    @Test
    void emptyBuffersCompleteAtOnceWithZero() throws Exception {
        Pair p = connected();
        assertEquals(0, p.ch.read(ByteBuffer.allocate(0)).get(1, TimeUnit.SECONDS));
        assertEquals(0, p.ch.write(ByteBuffer.allocate(0)).get(1, TimeUnit.SECONDS));
        Capture<Long> w = new Capture<>();
        p.ch.write(new ByteBuffer[] {ByteBuffer.allocate(0)}, 0, 1, 0, TimeUnit.SECONDS, null, w);
        assertEquals(0L, w.result());
        // (a scattering read into full buffers is not checked: the JDK's waits for the socket to be readable)
    }

    // ================================================================ misuse

    @Test
    void secondReadWhileOneIsPendingThrowsReadPending() throws Exception {
        Pair p = connected();
        Capture<Integer> first = new Capture<>();
        p.ch.read(ByteBuffer.allocate(8), null, first);
        assertThrows(ReadPendingException.class, () -> p.ch.read(ByteBuffer.allocate(8)));
        p.peer.getOutputStream().write(1);
        assertEquals(1, first.result());
        ByteBuffer b = ByteBuffer.allocate(8);
        p.peer.getOutputStream().write(2);
        assertEquals(1, p.ch.read(b).get(10, TimeUnit.SECONDS)); // reading is allowed again
    }

    /**
     * The peer reads until the pending write's handler has run. The write may finish between the
     * check and a read that then has nothing to return, so each read waits at most 200 ms.
     */
    private static void drainUntilDone(Pair p, Capture<?> pending) throws Exception {
        InputStream in = p.peer.getInputStream();
        byte[] sink = new byte[1 << 16];
        p.peer.setSoTimeout(200);
        try {
            while (!pending.outcome.isDone()) {
                try {
                    if (in.read(sink) < 0) {
                        break;
                    }
                } catch (java.net.SocketTimeoutException quiet) {
                    // nothing to read now: look at the outcome again
                }
            }
        } finally {
            p.peer.setSoTimeout(0);
        }
    }

    @Test
    void secondWriteWhileOneIsPendingThrowsWritePending() throws Exception {
        Pair p = connected();
        Capture<Integer> pending = fillUntilPending(p.ch);
        assertThrows(WritePendingException.class, () -> p.ch.write(ByteBuffer.allocate(1)));
        InputStream in = p.peer.getInputStream();
        byte[] sink = new byte[1 << 16];
        drainUntilDone(p, pending);
        assertTrue(pending.result() > 0);
    }

    @Test
    void readOnlyBuffersAndMissingHandlersAreRefused() throws Exception {
        Pair p = connected();
        ByteBuffer ro = ByteBuffer.allocate(8).asReadOnlyBuffer();
        assertThrows(IllegalArgumentException.class, () -> p.ch.read(ro));
        assertThrows(IllegalArgumentException.class, () -> p.ch.read(ro, 0, TimeUnit.SECONDS, null, new Capture<>()));
        assertThrows(IllegalArgumentException.class,
                () -> p.ch.read(new ByteBuffer[] {ByteBuffer.allocate(1), ro}, 0, 2, 0, TimeUnit.SECONDS, null, new Capture<>()));
        assertThrows(NullPointerException.class, () -> p.ch.read(ByteBuffer.allocate(8), 0, TimeUnit.SECONDS, null, null));
        assertThrows(NullPointerException.class, () -> p.ch.write(ByteBuffer.allocate(8), 0, TimeUnit.SECONDS, null, null));
        assertThrows(NullPointerException.class, () -> p.ch.connect(p.peer.getLocalSocketAddress(), null, null));
        // writing from a read-only buffer is fine
        assertEquals(8, p.ch.write(ByteBuffer.allocate(8).asReadOnlyBuffer()).get(5, TimeUnit.SECONDS));
    }

    @Test
    void unconnectedChannelsThrowNotYetConnected() throws Exception {
        AsynchronousSocketChannel ch = client();
        assertThrows(NotYetConnectedException.class, () -> ch.read(ByteBuffer.allocate(1)));
        assertThrows(NotYetConnectedException.class, () -> ch.write(ByteBuffer.allocate(1)));
        assertThrows(NotYetConnectedException.class, ch::shutdownInput);
        assertThrows(NotYetConnectedException.class, ch::shutdownOutput);
        assertNull(ch.getRemoteAddress());
        assertNull(ch.getLocalAddress());
    }

    @Test
    void unboundServerThrowsNotYetBoundAndSecondAcceptThrowsAcceptPending() throws Exception {
        AsynchronousServerSocketChannel unbound = closeLater(provider().openAsynchronousServerSocketChannel(group));
        assertNull(unbound.getLocalAddress());
        assertThrows(NotYetBoundException.class, unbound::accept);
        AsynchronousServerSocketChannel server = server();
        server.accept(null, new Capture<>());
        assertThrows(AcceptPendingException.class, server::accept);
        assertThrows(AlreadyBoundException.class, () -> server.bind(null));
    }

    @Test
    void bindRules() throws Exception {
        AsynchronousSocketChannel ch = client();
        ch.bind(new InetSocketAddress(LOOPBACK, 0));
        InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
        assertEquals(LOOPBACK, local.getAddress());
        assertTrue(local.getPort() > 0);
        assertThrows(AlreadyBoundException.class, () -> ch.bind(null));
        AsynchronousSocketChannel other = client();
        assertThrows(UnsupportedAddressTypeException.class, () -> other.bind(java.net.UnixDomainSocketAddress.of("/tmp/x")));
        assertThrows(UnresolvedAddressException.class, () -> other.bind(InetSocketAddress.createUnresolved("nowhere.invalid", 1)));
        assertThrows(java.net.BindException.class, () -> other.bind(local));
        ServerSocket ss = peerServer();
        ch.connect(ss.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
        assertEquals(local, ch.getLocalAddress()); // the bound address is the one it connects from
        assertEquals(local, ss.accept().getRemoteSocketAddress());
    }

    @Test
    void serverBindWithNullTakesAnEphemeralPort() throws Exception {
        AsynchronousServerSocketChannel server = closeLater(provider().openAsynchronousServerSocketChannel(group));
        server.bind(null, 0);
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        assertTrue(local.getPort() > 0);
        assertTrue(local.getAddress().isAnyLocalAddress());
        Socket s = closeLater(new Socket(LOOPBACK, local.getPort()));
        assertNotNull(closeLater(server.accept().get(10, TimeUnit.SECONDS)));
        assertTrue(s.isConnected());
    }

    @Test
    void connectRules() throws Exception {
        Pair p = connected();
        assertThrows(AlreadyConnectedException.class, () -> p.ch.connect(p.peer.getLocalSocketAddress()));
        AsynchronousSocketChannel other = client();
        assertThrows(UnresolvedAddressException.class, () -> other.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80)));
        assertThrows(UnsupportedAddressTypeException.class, () -> other.connect(java.net.UnixDomainSocketAddress.of("/tmp/x")));
        assertThrows(NullPointerException.class, () -> other.connect(null));
        assertTrue(other.isOpen());
    }

    @Test
    void refusedConnectFailsWithConnectExceptionAndClosesTheChannel() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, LOOPBACK)) {
            port = ss.getLocalPort();
        }
        AsynchronousSocketChannel ch = client();
        Capture<Void> c = new Capture<>();
        ch.connect(new InetSocketAddress(LOOPBACK, port), null, c);
        assertInstanceOf(ConnectException.class, c.failure());
        assertFalse(ch.isOpen());
        AsynchronousSocketChannel ch2 = client();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> ch2.connect(new InetSocketAddress(LOOPBACK, port)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, e.getCause());
        assertFalse(ch2.isOpen());
    }

    @Test
    void channelsOfAnotherProvidersGroupAreRefused() throws Exception {
        AsynchronousChannelProvider other = provider() instanceof AionetAsynchronousChannelProvider
                ? JdkProviderBehaviourTest.jdk() : new AionetAsynchronousChannelProvider();
        AsynchronousChannelGroup foreign = other.openAsynchronousChannelGroup(1, Thread.ofPlatform().daemon().factory());
        try {
            assertThrows(IllegalChannelGroupException.class, () -> provider().openAsynchronousSocketChannel(foreign));
            assertThrows(IllegalChannelGroupException.class, () -> provider().openAsynchronousServerSocketChannel(foreign));
        } finally {
            foreign.shutdownNow();
            assertTrue(foreign.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertThrows(IllegalArgumentException.class,
                () -> provider().openAsynchronousChannelGroup(0, Thread.ofPlatform().factory()));
    }

    // ================================================================ options

    @Test
    void socketOptions() throws Exception {
        AsynchronousSocketChannel ch = client();
        assertTrue(ch.supportedOptions().containsAll(AionetSocketChannel.OPTIONS));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        assertTrue(ch.getOption(StandardSocketOptions.TCP_NODELAY));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, false);
        assertFalse(ch.getOption(StandardSocketOptions.TCP_NODELAY));
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        assertTrue(ch.getOption(StandardSocketOptions.SO_KEEPALIVE));
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        assertTrue(ch.getOption(StandardSocketOptions.SO_REUSEADDR));
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        assertTrue(ch.getOption(StandardSocketOptions.SO_REUSEPORT));
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
        assertTrue(ch.getOption(StandardSocketOptions.SO_RCVBUF) >= 65536);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 32768);
        assertTrue(ch.getOption(StandardSocketOptions.SO_SNDBUF) >= 32768);
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.TCP_NODELAY, null));
        assertThrows(UnsupportedOperationException.class, () -> ch.setOption(StandardSocketOptions.SO_LINGER, 1));
        assertThrows(UnsupportedOperationException.class, () -> ch.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
        assertThrows(NullPointerException.class, () -> ch.getOption(null));

        AsynchronousServerSocketChannel server = closeLater(provider().openAsynchronousServerSocketChannel(group));
        assertTrue(server.getOption(StandardSocketOptions.SO_REUSEADDR)); // the JDK's default on Linux
        server.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
        assertTrue(server.getOption(StandardSocketOptions.SO_RCVBUF) >= 65536);
        assertThrows(UnsupportedOperationException.class, () -> server.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertTrue(server.supportedOptions().containsAll(java.util.Set.of(StandardSocketOptions.SO_RCVBUF,
                StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT)));
        assertFalse(server.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY));
    }

    @Test
    void extendedSocketOptionsAsTheJdkOffersThem() throws Exception {
        Pair p = connected();
        AsynchronousSocketChannel ch = p.ch;
        for (java.net.SocketOption<?> o : List.of(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE,
                jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT,
                jdk.net.ExtendedSocketOptions.TCP_QUICKACK, jdk.net.ExtendedSocketOptions.SO_INCOMING_NAPI_ID)) {
            assertTrue(ch.supportedOptions().contains(o), "socket lacks " + o);
        }
        ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 30);
        assertEquals(30, ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
        ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 7);
        assertEquals(7, ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL));
        ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 4);
        assertEquals(4, ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT));
        ch.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
        assertNotNull(ch.getOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK)); // the kernel may clear it again
        assertEquals(0, ch.getOption(jdk.net.ExtendedSocketOptions.SO_INCOMING_NAPI_ID)); // loopback has no NAPI
        // values the kernel refuses, and the read-only option: the kernel's message, as a SocketException
        java.net.SocketException bad = assertThrows(java.net.SocketException.class,
                () -> ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 0));
        assertEquals("Invalid argument", bad.getMessage());
        assertThrows(java.net.SocketException.class, () -> ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 1000));
        assertThrows(java.net.SocketException.class, () -> ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, -1));
        assertThrows(java.net.SocketException.class, () -> ch.setOption(jdk.net.ExtendedSocketOptions.SO_INCOMING_NAPI_ID, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, null));
        assertEquals(30, ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)); // unchanged by the refusals
        assertThrows(UnsupportedOperationException.class, () -> ch.getOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT));

        AsynchronousServerSocketChannel server = server();
        assertTrue(server.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
        server.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 45);
        assertEquals(45, server.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
        assertFalse(server.supportedOptions().contains(StandardSocketOptions.SO_KEEPALIVE));
        ch.close();
        assertThrows(ClosedChannelException.class, () -> ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
    }

    // ================================================================ timeouts and cancellation

    @Test
    void readTimeoutFailsWithInterruptedByTimeoutAndForbidsFurtherReads() throws Exception {
        Pair p = connected();
        Capture<Integer> r = new Capture<>();
        long t0 = System.nanoTime();
        p.ch.read(ByteBuffer.allocate(8), 100, TimeUnit.MILLISECONDS, null, r);
        assertInstanceOf(InterruptedByTimeoutException.class, r.failure());
        assertTrue(System.nanoTime() - t0 >= 90_000_000L, "timed out too early");
        assertThrows(IllegalStateException.class, () -> p.ch.read(ByteBuffer.allocate(8)));
        // writing still works
        assertEquals(2, p.ch.write(ByteBuffer.wrap(new byte[] {1, 2})).get(5, TimeUnit.SECONDS));
    }

    @Test
    void writeTimeoutFailsWithInterruptedByTimeoutAndForbidsFurtherWrites() throws Exception {
        Pair p = connected();
        Capture<Integer> pending = fillUntilPending(p.ch);
        InputStream in = p.peer.getInputStream();
        byte[] sink = new byte[1 << 16];
        drainUntilDone(p, pending); // let the untimed write finish; from now on the peer reads nothing
        pending.result();
        ByteBuffer big = ByteBuffer.allocateDirect(4 << 20);
        Throwable timedOut = null;
        for (int i = 0; i < 100 && timedOut == null; i++) {
            big.clear();
            Capture<Integer> w = new Capture<>();
            p.ch.write(big, 200, TimeUnit.MILLISECONDS, null, w);
            try {
                w.outcome.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                timedOut = e.getCause();
            }
        }
        assertInstanceOf(InterruptedByTimeoutException.class, timedOut);
        assertThrows(IllegalStateException.class, () -> p.ch.write(ByteBuffer.allocate(1)));
    }

    @Test
    void cancelledReadFutureForbidsFurtherReadsAndCancelTrueCloses() throws Exception {
        Pair p = connected();
        Future<Integer> f = p.ch.read(ByteBuffer.allocate(8));
        assertTrue(f.cancel(false));
        assertTrue(f.isCancelled());
        assertTrue(f.isDone());
        assertThrows(CancellationException.class, f::get);
        assertFalse(f.cancel(false));
        assertThrows(IllegalStateException.class, () -> p.ch.read(ByteBuffer.allocate(8)));
        assertTrue(p.ch.isOpen());

        Pair q = connected();
        Future<Integer> g = q.ch.read(ByteBuffer.allocate(8));
        assertTrue(g.cancel(true));
        assertFalse(q.ch.isOpen());
        assertEquals(-1, q.peer.getInputStream().read()); // the close reached the peer
    }

    @Test
    void cancelledAcceptFutureForbidsFurtherAccepts() throws Exception {
        AsynchronousServerSocketChannel server = server();
        Future<AsynchronousSocketChannel> f = server.accept();
        assertTrue(f.cancel(false));
        assertThrows(RuntimeException.class, server::accept);
    }

    @Test
    void futureGetTimesOut() throws Exception {
        Pair p = connected();
        Future<Integer> f = p.ch.read(ByteBuffer.allocate(8));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> f.get(50, TimeUnit.MILLISECONDS));
        assertFalse(f.isDone());
    }

    // ================================================================ close with operations in flight

    @Test
    void closeFailsPendingReadAndWriteWithAsynchronousClose() throws Exception {
        Pair p = connected();
        Capture<Integer> r = new Capture<>();
        p.ch.read(ByteBuffer.allocate(8), null, r);
        Capture<Integer> w = fillUntilPending(p.ch);
        assertTrue(r.stillPending(50));
        p.ch.close();
        assertFalse(p.ch.isOpen());
        assertInstanceOf(AsynchronousCloseException.class, r.failure());
        assertInstanceOf(AsynchronousCloseException.class, w.failure());
        p.ch.close(); // twice is harmless
    }

    @Test
    void closeFailsPendingFutureReadWithAsynchronousClose() throws Exception {
        Pair p = connected();
        Future<Integer> f = p.ch.read(ByteBuffer.allocateDirect(8));
        p.ch.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(AsynchronousCloseException.class, e.getCause());
    }

    @Test
    void closeFailsPendingAcceptWithAsynchronousClose() throws Exception {
        AsynchronousServerSocketChannel server = server();
        Capture<AsynchronousSocketChannel> a = new Capture<>();
        server.accept(null, a);
        assertTrue(a.stillPending(50));
        server.close();
        assertInstanceOf(AsynchronousCloseException.class, a.failure());
        Capture<AsynchronousSocketChannel> after = new Capture<>();
        server.accept(null, after);
        assertInstanceOf(ClosedChannelException.class, after.failure());
    }

    @Test
    void operationsOnAClosedChannelFailWithClosedChannel() throws Exception {
        Pair p = connected();
        p.ch.close();
        Capture<Integer> r = new Capture<>();
        p.ch.read(ByteBuffer.allocate(1), null, r);
        assertInstanceOf(ClosedChannelException.class, r.failure());
        assertTrue(r.thread.getName().startsWith("grp-"), "handler ran on " + r.thread.getName());
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.ch.write(ByteBuffer.allocate(1)).get());
        assertInstanceOf(ClosedChannelException.class, e.getCause());
        Capture<Void> c = new Capture<>();
        p.ch.connect(p.peer.getLocalSocketAddress(), null, c);
        assertInstanceOf(ClosedChannelException.class, c.failure());
        assertThrows(ClosedChannelException.class, p.ch::getLocalAddress);
        assertThrows(ClosedChannelException.class, p.ch::getRemoteAddress);
        assertThrows(ClosedChannelException.class, () -> p.ch.getOption(StandardSocketOptions.TCP_NODELAY));
        assertThrows(ClosedChannelException.class, () -> p.ch.bind(null));
        assertThrows(ClosedChannelException.class, p.ch::shutdownOutput);
    }

    @Test
    void peerResetFailsAReadWithAnIOException() throws Exception {
        Pair p = connected();
        Capture<Integer> r = new Capture<>();
        p.ch.read(ByteBuffer.allocate(8), null, r);
        p.peer.setSoLinger(true, 0);
        p.peer.close(); // RST
        Throwable t = r.failure();
        assertInstanceOf(IOException.class, t);
        assertFalse(t instanceof AsynchronousCloseException);
    }

    // ================================================================ group shutdown

    @Test
    void shutdownGroupRefusesNewChannelsAndTerminatesWhenTheLastCloses() throws Exception {
        AsynchronousChannelGroup g = group(1, "sd");
        ServerSocket ss = peerServer();
        AsynchronousSocketChannel ch = provider().openAsynchronousSocketChannel(g);
        ch.connect(ss.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
        Socket peer = closeLater(ss.accept());
        g.shutdown();
        assertTrue(g.isShutdown());
        assertThrows(ShutdownChannelGroupException.class, () -> provider().openAsynchronousSocketChannel(g));
        assertThrows(ShutdownChannelGroupException.class, () -> provider().openAsynchronousServerSocketChannel(g));
        assertFalse(g.awaitTermination(200, TimeUnit.MILLISECONDS));
        // the open channel still works
        peer.getOutputStream().write(7);
        ByteBuffer b = ByteBuffer.allocate(1);
        assertEquals(1, ch.read(b).get(10, TimeUnit.SECONDS));
        ch.close();
        assertTrue(g.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(g.isTerminated());
    }

    @Test
    void shutdownNowClosesChannelsAndFailsOperationsInFlight() throws Exception {
        AsynchronousChannelGroup g = group(2, "sdn");
        AsynchronousServerSocketChannel server = provider().openAsynchronousServerSocketChannel(g)
                .bind(new InetSocketAddress(LOOPBACK, 0));
        Capture<AsynchronousSocketChannel> a = new Capture<>();
        server.accept(null, a);
        ServerSocket ss = peerServer();
        AsynchronousSocketChannel ch = provider().openAsynchronousSocketChannel(g);
        ch.connect(ss.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
        Socket peer = closeLater(ss.accept());
        Capture<Integer> r = new Capture<>();
        ch.read(ByteBuffer.allocate(8), null, r);
        Future<Integer> w = ch.write(ByteBuffer.allocate(0));
        assertEquals(0, w.get(5, TimeUnit.SECONDS));
        g.shutdownNow();
        assertInstanceOf(AsynchronousCloseException.class, r.failure());
        assertInstanceOf(AsynchronousCloseException.class, a.failure());
        assertFalse(ch.isOpen());
        assertFalse(server.isOpen());
        assertTrue(g.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(-1, peer.getInputStream().read());
        // nothing left to run a handler: a read of the closed channel from this thread cannot complete
        assertThrows(ShutdownChannelGroupException.class, () -> ch.read(ByteBuffer.allocate(1), null, new Capture<>()));
    }

    @Test
    void emptyGroupTerminatesOnShutdown() throws Exception {
        AsynchronousChannelGroup g = group(3, "empty");
        assertFalse(g.isShutdown());
        g.shutdown();
        assertTrue(g.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(g.isTerminated());
        g.shutdown();
        g.shutdownNow(); // harmless once terminated
    }

    // ================================================================ handlers chained from handlers

    @Test
    void handlersCanChainReadsUntilEndOfStream() throws Exception {
        Pair p = connected();
        byte[] data = random(300_000, 11);
        java.util.concurrent.CompletableFuture<Long> done = new java.util.concurrent.CompletableFuture<>();
        ByteBuffer buf = ByteBuffer.allocate(7000);
        CRC32 crc = new CRC32();
        p.ch.read(buf, null, new java.nio.channels.CompletionHandler<Integer, Object>() {
            @Override
            public void completed(Integer n, Object att) {
                if (n < 0) {
                    done.complete(crc.getValue());
                    return;
                }
                buf.flip();
                crc.update(buf);
                buf.clear();
                p.ch.read(buf, null, this);
            }

            @Override
            public void failed(Throwable exc, Object att) {
                done.completeExceptionally(exc);
            }
        });
        try (OutputStream out = p.peer.getOutputStream()) {
            out.write(data);
            p.peer.shutdownOutput();
            assertEquals(crc(data, 0, data.length), done.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void providerIsTheOneUnderTest() throws Exception {
        assertEquals(provider(), client().provider());
        assertEquals(provider(), server().provider());
        assertEquals(provider(), group.provider());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            fail(e);
        }
    }
}
