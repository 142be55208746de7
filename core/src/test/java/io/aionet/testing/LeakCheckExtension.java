package io.aionet.testing;

import io.aionet.internal.NativeMemory;
import io.aionet.internal.ResourceSnapshot;
import io.aionet.internal.Resources;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Leak accounting for every test class of the core suite (registered through
 * {@code META-INF/services} with JUnit's extension auto-detection): before the class runs and after it
 * ends it takes a {@link ResourceSnapshot} — open descriptors from {@code /proc/self/fd}, the native
 * memory the library has mapped ({@link NativeMemory}), open channels, areas and sockets, and the
 * buffers the program holds ({@link Resources}) — and fails the class when any grew. Closing is
 * partly asynchronous (a DMA area unmaps when the last send's completion is handed back), so the
 * "after" side waits up to two seconds for the figures to settle before it fails.
 *
 * <p>A class that keeps resources on purpose for the whole run (none does today) is annotated
 * {@link AllowsLeaks}.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final long SETTLE_NANOS = 2_000_000_000L;

    private static volatile boolean warmedUp;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!warmedUp) {
            warmUpJdk();
            warmedUp = true;
        }
        context.getStore(NS).put("before", ResourceSnapshot.take());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ResourceSnapshot before = context.getStore(NS).get("before", ResourceSnapshot.class);
        if (before == null || context.getRequiredTestClass().isAnnotationPresent(AllowsLeaks.class)) {
            return;
        }
        long deadline = System.nanoTime() + SETTLE_NANOS;
        ResourceSnapshot after = ResourceSnapshot.take();
        boolean gced = false;
        while (!after.growthOver(before).isEmpty() && System.nanoTime() < deadline) {
            if (!gced) {
                System.gc(); // lets Arena.ofAuto() segments and JDK channels the tests dropped be cleaned
                gced = true;
            }
            sleep();
            after = ResourceSnapshot.take();
        }
        List<String> growth = after.growthOver(before);
        if (!growth.isEmpty()) {
            List<String> lines = new ArrayList<>(growth);
            List<String> newFds = after.newDescriptors(before);
            if (!newFds.isEmpty()) {
                lines.add("descriptors opened and not closed: " + newFds);
            }
            for (String open : Resources.describeOpen()) {
                lines.add("still open: " + open);
            }
            throw new AssertionError(context.getRequiredTestClass().getSimpleName() + " leaked: "
                    + String.join("; ", lines));
        }
    }

    /**
     * The JDK opens a few descriptors of its own once, on first use of its socket classes (NIO's
     * pre-close socket pair, used to close descriptors other threads block on); opening and closing
     * each kind once makes them part of the baseline instead of a leak charged to the first test class.
     */
    private static void warmUpJdk() {
        try {
            java.nio.channels.DatagramChannel.open().close();
            java.nio.channels.SocketChannel.open().close();
            java.nio.channels.ServerSocketChannel.open().close();
            java.nio.channels.Selector.open().close();
            new java.net.DatagramSocket().close();
            java.nio.channels.Pipe p = java.nio.channels.Pipe.open();
            p.source().close();
            p.sink().close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Figures for tests that check them directly (e.g. a soak's "back to baseline"). */
    public static Map<String, Long> figures() {
        return ResourceSnapshot.take().figures();
    }
}
