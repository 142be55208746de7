package io.aionet.bench.sendfile;

import io.aionet.bench.bulk.BulkMacro;
import io.aionet.bench.bulk.PeerProcess;
import io.aionet.bench.bulk.ProcessCpu;
import io.aionet.bench.bulk.Ratios;
import io.aionet.bench.bulk.Transfer;
import io.aionet.bench.harness.HarnessContext;
import io.aionet.bench.harness.MacroBenchmark;
import io.aionet.bench.harness.Measurement;
import io.aionet.bench.harness.NativeBuild;
import io.aionet.uring.IoUring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sendfile} macro benchmark: a file in the page cache goes over loopback TCP to a C
 * receiver ({@code bulk_peer sink}, {@code recv} into one 64 KiB buffer) from aionet's
 * {@link io.aionet.net.AsyncSocket#sendFile} (Polyakov's lazy {@code aio_sendfile}), JDK
 * {@code FileChannel.transferTo} and plain {@code sendfile(2)} called through
 * {@code io.aionet.linux.Sockets}. Measured: MB/s and the sending process's CPU seconds per GiB.
 */
public final class SendfileMacro implements MacroBenchmark {
    static final String AIONET = "aionet";
    static final String JDK = "jdk-transferto";
    static final String SYSCALL = "sendfile-syscall";
    static final int FILE_SIZE = 64 << 20;
    /** Times the file is sent per run. */
    static final int TIMES = 8;

    private Path peer;
    private Path dir;
    private Path file;

    @Override
    public String name() {
        return "sendfile";
    }

    @Override
    public String title() {
        return "Sending a file over loopback TCP: MB/s and sender CPU s/GiB";
    }

    @Override
    public List<String> impls() {
        return List.of(AIONET, JDK, SYSCALL);
    }

    @Override
    public Map<String, String> prepare(HarnessContext ctx) throws IOException {
        NativeBuild.Result r = NativeBuild.compile("bulk_peer.c", ctx.buildDir(), "-lpthread");
        Map<String, String> skipped = new LinkedHashMap<>();
        if (!r.ok()) {
            for (String i : impls()) {
                skipped.put(i, "the receiver cannot be built: " + r.problem());
            }
            return skipped;
        }
        peer = r.program();
        if (!IoUring.isAvailable()) {
            skipped.put(AIONET, "io_uring is not available: " + IoUring.unavailabilityCause().getMessage());
        }
        dir = Files.createTempDirectory("aionet-sendfile");
        file = BulkMacro.writeFile(dir.resolve("payload"), FILE_SIZE);
        return skipped;
    }

    @Override
    public List<Measurement> run(String impl) throws Exception {
        Transfer t;
        try (PeerProcess sink = PeerProcess.start(peer, "sink")) {
            int port = sink.port();
            long t0 = System.nanoTime();
            long c0 = ProcessCpu.nanos();
            long sent = switch (impl) {
                case AIONET -> FileSenders.aionet(port, file, FILE_SIZE, TIMES);
                case JDK -> FileSenders.jdkTransferTo(port, file, FILE_SIZE, TIMES);
                case SYSCALL -> FileSenders.syscall(port, file, FILE_SIZE, TIMES);
                default -> throw new IllegalArgumentException("sendfile has no impl " + impl);
            };
            long received = sink.number("received ");
            long c1 = ProcessCpu.nanos();
            long t1 = System.nanoTime();
            sink.await(30);
            if (received != sent || sent != (long) FILE_SIZE * TIMES) {
                throw new IOException(impl + ": sent " + sent + ", received " + received);
            }
            t = new Transfer(sent, t1 - t0, c1 - c0);
        }
        return List.of(new Measurement(impl, "throughput", "MB/s", t.megabytesPerSecond()),
                new Measurement(impl, "sender cpu", "CPU s/GiB", t.cpuSecondsPerGiB()));
    }

    @Override
    public List<Measurement> derive(Map<String, List<Measurement>> round) {
        return Ratios.against(round, AIONET, List.of(JDK, SYSCALL));
    }

    @Override
    public String chartTitle() {
        return "send throughput, MB/s (higher is better)";
    }

    @Override
    public String chartUnit() {
        return "MB/s";
    }

    @Override
    public List<String> notes() {
        return List.of("a " + (FILE_SIZE >> 20) + " MiB file in the page cache, sent " + TIMES + " times per run on one"
                        + " connection; receiver: C, recv(2) into one 64 KiB buffer",
                "aionet: AsyncSocket.sendFile (FADVISE WILLNEED, then linked SPLICE file -> pipe -> socket), one"
                        + " file-long send at a time",
                "CPU: the sending process (all threads incl. io_uring workers, user + system) from connect to the"
                        + " receiver's end of stream");
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
