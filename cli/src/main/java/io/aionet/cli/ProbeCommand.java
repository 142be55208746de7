package io.aionet.cli;

import io.aionet.backend.BackendChoice;
import io.aionet.linux.Fds;
import io.aionet.uring.IoUring;
import io.aionet.uring.IoUringConstants;
import io.aionet.uring.Probe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code aionet probe}: what the kernel offers. The first line is exactly {@code backend: io_uring} or
 * {@code backend: epoll (<reason>)}.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "What the kernel offers: io_uring, its features and opcodes, and which backend runs.")
final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        print(Main.root(spec).out);
        return 0;
    }

    static void print(PrintStream out) throws Exception {
        out.println(BackendChoice.current().describe());
        String[] u = Fds.uname();
        out.println("kernel: " + u[0] + " " + u[2] + " " + u[4]);
        out.println("java: " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")");
        if (!IoUring.isAvailable()) {
            out.println("io_uring: unavailable: " + IoUring.unavailabilityCause().getMessage());
            return;
        }
        try (IoUring ring = IoUring.builder().entries(8).singleThreaded().open()) {
            out.println("io_uring: available");
            out.printf("features: 0x%x %s%n", ring.features(), IoUringConstants.featureNames(ring.features()));
            out.printf("setup flags accepted (single-threaded profile): 0x%x%n", ring.setupFlags());
            Probe p = ring.probe();
            List<String> ops = p.supportedNames();
            out.println("opcodes: " + ops.size() + " supported, last_op " + p.lastOp());
            StringBuilder line = new StringBuilder("  ");
            for (String op : ops) {
                if (line.length() + op.length() > 100) {
                    out.println(line.toString().stripTrailing());
                    line.setLength(0);
                    line.append("  ");
                }
                line.append(op).append(' ');
            }
            if (line.length() > 2) {
                out.println(line.toString().stripTrailing());
            }
            out.println("incremental buffer rings (IOU_PBUF_RING_INC): " + yesNo(hasIncrementalBuffers(ring)));
            out.println("futex ops: " + yesNo(p.isSupported(IoUringConstants.IORING_OP_FUTEX_WAIT)));
        }
    }

    private static boolean hasIncrementalBuffers(IoUring ring) {
        try (var br = ring.registerBufRing(1, 0x7fff, IoUringConstants.IOU_PBUF_RING_INC)) {
            return br != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
