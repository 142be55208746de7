package io.aionet.testing;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.event.EventChannel;
import io.aionet.internal.Resources;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opt-in leak detector ({@code -Daionet.leakDetection=true}): a child JVM leaks an event channel, a
 * DMA area with a reserved buffer, and closes another area with a buffer still held; the detector must
 * name each, with the stack of the line that made it. Without the flag nothing is reported.
 */
class LeakDetectionTest {

    /** The child: leaks on purpose, collects, waits for the Cleaner, prints what was reported. */
    public static final class Leaker {
        public static void main(String[] args) throws Exception {
            Resources.onLeak(msg -> System.out.println("REPORTED " + msg.replace('\n', '|')));
            leakChannelAndArea();
            closeAreaHoldingABuffer();
            for (int i = 0; i < 50 && Resources.leaksReported() < 4; i++) {
                System.gc();
                Thread.sleep(20);
            }
            System.out.println("LEAKS " + Resources.leaksReported());
        }

        static void leakChannelAndArea() throws Exception {
            EventChannel.create();                                               // never closed
            DmaArea a = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096)); // never closed
            a.reserve(100);                                                     // never released
        }

        static void closeAreaHoldingABuffer() throws Exception {
            DmaArea a = DmaArea.allocate(4 * 4096, DmaOptions.defaults().withSlotSize(4096));
            Buffer kept = a.reserve(10);
            a.close();
            if (kept.isOwned()) {
                throw new AssertionError("close revokes held buffers");
            }
        }
    }

    private static String runChild(boolean detect) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        if (detect) {
            cmd.add("-Daionet.leakDetection=true");
        }
        cmd.add(Leaker.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), s);
        return s;
    }

    @Test
    void reportsUnclosedChannelsAndAreasAndUnreleasedBuffersWithWhereTheyWereMade() throws Exception {
        String out = runChild(true);
        assertTrue(out.contains("LEAKS 4"), out);
        String channel = line(out, "EVENT_CHANNEL");
        assertTrue(channel.contains("became unreachable without close()"), channel);
        assertTrue(channel.contains("Leaker.leakChannelAndArea"), "the stack names the line that made it: " + channel);
        String area = line(out, "DMA_AREA");
        assertTrue(area.contains("Leaker.leakChannelAndArea"), area);
        String buffer = line(out, "was never released");
        assertTrue(buffer.contains("reserved here") && buffer.contains("Leaker.leakChannelAndArea"), buffer);
        String held = line(out, "was still held when");
        assertTrue(held.contains("Leaker.closeAreaHoldingABuffer"), held);
    }

    @Test
    void reportsNothingWhenOff() throws Exception {
        String out = runChild(false);
        assertTrue(out.contains("LEAKS 0"), out);
        assertFalse(out.contains("REPORTED"), out);
    }

    private static String line(String out, String needle) {
        return out.lines().filter(l -> l.startsWith("REPORTED") && l.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no report with '" + needle + "' in:\n" + out));
    }
}
