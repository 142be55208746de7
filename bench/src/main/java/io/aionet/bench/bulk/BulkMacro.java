package io.aionet.bench.bulk;

import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code bulk} macro benchmark (seed 003's streaming receive): a C sender ({@code bulk_peer send},
 * {@code sendfile(2)} of a file in the page cache) streams over loopback TCP on 1 and on 10
 * connections; the receivers are aionet (kernel-chosen buffers from one receive pool, Drepper's
 * {@code dma_assoc} + {@code sio_recv}), JDK blocking {@code SocketChannel} reads on platform threads,
 * a JDK NIO Selector, and the C epoll reference. Measured: MB/s and the receiving process's CPU
 * seconds per GiB.
 */
public final class BulkMacro implements MacroBenchmark {
    static final String AIONET = "aionet";
    /** The aionet receiver on the epoll backend. */
    static final String AIONET_EPOLL = "aionet-epoll";
    static final String BLOCKING = "jdk-blocking";
    static final String NIO = "jdk-nio";
    static final String C = "c-epoll";
    /** C, a thread per stream, blocking {@code recv(2)} into a 1 MiB buffer: seed 003's synchronous side. */
    static final String C_BLOCKING = "c-blocking";
    /** C with liburing: multishot receives into one provided-buffer ring of 64 x 64 KiB. */
    static final String C_URING = "c-uring";
    /** Streams per configuration and bytes each stream carries per run. */
    static final int[] STREAMS = {1, 10};
    static final long[] BYTES_PER_STREAM = {256L << 20, 64L << 20};
    static final int FILE_SIZE = 16 << 20;

    private Path peer;
    private Path uringPeer;
    private Path dir;
    private Path file;

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public String title() {
        return "Loopback TCP bulk receive from a sendfile sender: MB/s and receiver CPU s/GiB";
    }

    @Override
    public List<String> impls() {
        return List.of(AIONET, AIONET_EPOLL, BLOCKING, NIO, C, C_BLOCKING, C_URING);
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) throws IOException {
        NativeBuild.Result r = NativeBuild.compile("bulk_peer.c", ctx.buildDir(), "-lpthread");
        Map<String, String> skipped = new LinkedHashMap<>();
        if (!r.ok()) {
            for (String i : impls()) {
                skipped.put(i, "the sender cannot be built: " + r.problem());
            }
            return skipped;
        }
        peer = r.program();
        NativeBuild.Result u = NativeBuild.compile("bulk_uring.c", ctx.buildDir(), "-luring");
        if (u.ok()) {
            uringPeer = u.program();
        } else {
            skipped.put(C_URING, u.problem());
        }
        if (!IoUring.isAvailable()) {
            skipped.put(C_URING, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
            skipped.put(AIONET, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
        }
        dir = Files.createTempDirectory("aionet-bulk");
        file = writeFile(dir.resolve("payload"), FILE_SIZE);
        return skipped;
    }

    /** A file of {@code size} pseudo-random bytes (read once, it stays in the page cache). */
    public static Path writeFile(Path p, int size) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (int done = 0; done < size; done += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(block, 0, Math.min(block.length, size - done));
            }
        }
        Files.readAllBytes(p); // into the page cache before the first run
        return p;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        List<Measurement> rate = new ArrayList<>();
        List<Measurement> cpu = new ArrayList<>();
        for (int i = 0; i < STREAMS.length; i++) {
            int streams = STREAMS[i];
            long bytes = BYTES_PER_STREAM[i];
            BulkReceivers.SenderStart start = port -> PeerProcess.start(peer, "send", String.valueOf(port),
                    String.valueOf(streams), String.valueOf(bytes), file.toString());
            Transfer t = switch (impl) {
                case AIONET -> BulkReceivers.aionet(streams, start);
                case AIONET_EPOLL -> onEpoll(() -> BulkReceivers.aionet(streams, start));
                case BLOCKING -> BulkReceivers.jdkBlocking(streams, start);
                case NIO -> BulkReceivers.jdkNio(streams, start);
                case C -> cReceiver(C, streams, start, peer, "epoll");
                case C_BLOCKING -> cReceiver(C_BLOCKING, streams, start, peer, "blocking");
                case C_URING -> cReceiver(C_URING, streams, start, uringPeer);
                default -> throw new IllegalArgumentException("bulk has no impl " + impl);
            };
            rate.add(new Measurement(impl, label(streams), "MB/s", t.megabytesPerSecond()));
            cpu.add(new Measurement(impl, label(streams) + " cpu", "CPU s/GiB", t.cpuSecondsPerGiB()));
        }
        rate.addAll(cpu);
        return rate;
    }

    /** Runs an aionet receiver with {@code -Daionet.backend=epoll} in force (the selector reads it per channel). */
    private static Transfer onEpoll(java.util.concurrent.Callable<Transfer> receiver) throws Exception {
        String was = System.getProperty("aionet.backend");
        System.setProperty("aionet.backend", "epoll");
        try {
            return receiver.call();
        } finally {
            if (was == null) {
                System.clearProperty("aionet.backend");
            } else {
                System.setProperty("aionet.backend", was);
            }
        }
    }

    /** Runs a C receiver ({@code program [mode] STREAMS}) against the sender and checks the byte count. */
    private static Transfer cReceiver(String impl, int streams, BulkReceivers.SenderStart start, Path program,
                                      String... mode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(program.toString()));
        cmd.addAll(List.of(mode));
        cmd.add(String.valueOf(streams));
        try (PeerProcess receiver = PeerProcess.start(cmd);
             PeerProcess sender = start.start(receiver.port())) {
            Transfer t = Transfer.parseResult(receiver.line("result "));
            long sent = sender.number("sent ");
            sender.await(30);
            receiver.await(30);
            if (sent != t.bytes()) {
                throw new IOException(impl + " received " + t.bytes() + " of " + sent + " bytes");
            }
            return t;
        }
    }

    static String label(int streams) {
        return streams == 1 ? "1 stream" : streams + " streams";
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        List<Measurement> r = new ArrayList<>(Ratios.against(round, AIONET, List.of(BLOCKING, NIO, C, C_BLOCKING, C_URING)));
        r.addAll(Ratios.against(round, AIONET_EPOLL, List.of(BLOCKING, C, C_BLOCKING)));
        return r;
    }

    @Override
    public String chartTitle() {
        return "receive throughput, MB/s (higher is better)";
    }

    @Override
    public String chartUnit() {
        return "MB/s";
    }

    @Override
    public List<String> notes() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < STREAMS.length; i++) {
            n.add(label(STREAMS[i]) + ": " + (BYTES_PER_STREAM[i] >> 20) + " MiB per stream per run");
        }
        n.add("sender: C, one thread per stream, sendfile(2) of a " + (FILE_SIZE >> 20) + " MiB file in the page cache");
        n.add("aionet: one event channel, one receive pool of " + BulkReceivers.POOL_BUFFERS + " x "
                + (BulkReceivers.CHUNK >> 10) + " KiB for every stream, each buffer released on arrival");
        n.add("jdk-blocking: a platform thread and a " + (BulkReceivers.CHUNK >> 10) + " KiB direct buffer per stream;"
                + " jdk-nio and c-epoll: one thread, one " + (BulkReceivers.CHUNK >> 10) + " KiB buffer");
        n.add("c-blocking: a thread per stream, blocking recv(2) into its own 1 MiB buffer; c-uring: liburing, one"
                + " thread, multishot receives into one provided-buffer ring of 64 x 64 KiB");
        n.add("CPU: the receiving process (all threads, user + system) from the last accept to the last end of stream");
        return n;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
        if (dir != null) {
            Files.deleteIfExists(dir);
        }
    }
}
