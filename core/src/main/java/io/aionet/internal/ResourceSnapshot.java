package io.aionet.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the process holds at one moment, for leak accounting (tests, soak runs): open descriptors
 * ({@code /proc/self/fd}, without the JDK's own jar and device files), the native memory the library
 * has mapped ({@link NativeMemory}), the library's open resources by kind and the buffers the program
 * holds ({@link Resources}). {@link #growthOver} names every figure that grew.
 *
 * @param descriptors descriptor number → what it points to ({@code socket:[…]}, {@code anon_inode:[io_uring]}, a path)
 */
public record ResourceSnapshot(Map<Integer, String> descriptors, long nativeBytes, long mappings,
                               Map<Resources.Kind, Integer> open, long liveBuffers) {

    /** Takes a snapshot now. */
    public static ResourceSnapshot take() {
        return new ResourceSnapshot(openDescriptors(), NativeMemory.bytes(), NativeMemory.mappings(),
                Resources.openByKind(), Resources.liveBuffers());
    }

    /** The process's descriptors that a library or test could leak (not the JDK's jars, /dev/*random). */
    public static Map<Integer, String> openDescriptors() {
        Map<Integer, String> m = new TreeMap<>();
        String javaHome = System.getProperty("java.home", "/nonexistent");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : ds) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue; // the directory stream's own descriptor, closed by now
                }
                if (target.endsWith(".jar") || target.startsWith(javaHome) || target.equals("/dev/urandom")
                        || target.equals("/dev/random") || target.startsWith("/proc/") && target.endsWith("/fd")) {
                    continue;
                }
                m.put(Integer.parseInt(p.getFileName().toString()), target);
            }
        } catch (IOException e) {
            // no /proc: no descriptor accounting
        }
        return m;
    }

    /** Open descriptors counted. */
    public int fds() {
        return descriptors.size();
    }

    /** One line per figure that is larger here than in {@code before}; empty when nothing grew. */
    public List<String> growthOver(ResourceSnapshot before) {
        List<String> out = new ArrayList<>();
        if (fds() - jvmOwn(before) > before.fds()) {
            out.add("open descriptors " + before.fds() + " -> " + fds());
        }
        if (nativeBytes > before.nativeBytes) {
            out.add("native memory mapped " + before.nativeBytes + " -> " + nativeBytes + " bytes");
        }
        if (mappings > before.mappings) {
            out.add("mappings " + before.mappings + " -> " + mappings);
        }
        for (var e : open.entrySet()) {
            int b = before.open.getOrDefault(e.getKey(), 0);
            if (e.getValue() > b) {
                out.add("open " + e.getKey() + " " + b + " -> " + e.getValue());
            }
        }
        if (liveBuffers > before.liveBuffers) {
            out.add("buffers held " + before.liveBuffers + " -> " + liveBuffers);
        }
        return out;
    }

    /**
     * New descriptors that belong to the JVM itself: the attach listener's socket
     * ({@code /tmp/.java_pid<pid>}), opened when an agent is loaded at run time (Jazzer does).
     */
    private int jvmOwn(ResourceSnapshot before) {
        int n = 0;
        for (var e : descriptors.entrySet()) {
            if (!e.getValue().equals(before.descriptors.get(e.getKey())) && socketKind(e.getValue()).contains("/.java_pid")) {
                n++;
            }
        }
        return n;
    }

    /** Descriptors open here and not in {@code before}, with their targets. */
    public List<String> newDescriptors(ResourceSnapshot before) {
        List<String> out = new ArrayList<>();
        for (var e : descriptors.entrySet()) {
            if (!e.getValue().equals(before.descriptors.get(e.getKey()))) {
                out.add(e.getKey() + " -> " + e.getValue() + socketKind(e.getValue()));
            }
        }
        return out;
    }

    /** For {@code socket:[inode]}: which /proc/net table has it ({@code " (tcp6 ...)"}), to tell whose it is. */
    private static String socketKind(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        for (String table : new String[] {"tcp", "tcp6", "udp", "udp6", "unix", "netlink", "raw", "raw6", "packet"}) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
                    for (String f : line.trim().split("\\s+")) {
                        if (f.equals(inode)) {
                            return " (" + table + ": " + line.trim().replaceAll("\\s+", " ") + ")";
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table missing: look in the next one
            }
        }
        return "";
    }

    /** The figures by name, for reports (soak tables). */
    public Map<String, Long> figures() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("fds", (long) fds());
        m.put("nativeBytes", nativeBytes);
        m.put("mappings", mappings);
        for (var e : open.entrySet()) {
            m.put(e.getKey().name(), (long) e.getValue());
        }
        m.put("liveBuffers", liveBuffers);
        return m;
    }
}
