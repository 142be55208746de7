package io.aionet.channel.xdp;

import io.aionet.linux.Fds;
import io.aionet.linux.Native;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;

/**
 * A veth pair between the test's namespace (the "host" end, where the XDP program and the AF_XDP
 * socket sit) and a network namespace the test creates (the "peer" end, where ordinary clients run
 * on threads that entered it with {@code setns}). Needs root and iproute2; {@link #skip} says why not.
 */
public final class VethNamespace implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    public final String ns;
    public final String hostIf;
    public final String peerIf;
    public final String hostIp;
    public final String peerIp;
    /** Why the pair could not be made, or null. */
    public final String skip;

    /** Creates the namespace and the pair; {@code tag} (a letter or two) keeps names of concurrent tests apart. */
    public VethNamespace(String tag) {
        long id = ProcessHandle.current().pid() % 100_000;
        ns = "aionet-" + tag + "-" + id;
        hostIf = "vx" + tag + id + "a";
        peerIf = "vx" + tag + id + "b";
        int net = (int) ((id + tag.hashCode()) % 200 + 20) & 0xff;
        hostIp = "10.78." + net + ".1";
        peerIp = "10.78." + net + ".2";
        String why = null;
        try {
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", peerIf);
            run("ip", "link", "set", peerIf, "netns", ns);
            run("ip", "addr", "add", hostIp + "/24", "dev", hostIf);
            run("ip", "link", "set", hostIf, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", peerIp + "/24", "dev", peerIf);
            run("ip", "netns", "exec", ns, "ip", "link", "set", peerIf, "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        } catch (Exception e) {
            why = "could not create a network namespace with a veth pair (needs root and iproute2): " + e.getMessage();
            close();
        }
        skip = why;
    }

    /** Runs a command, failing with its output when it fails. */
    public static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    /** Moves the calling thread into the peer namespace (namespaces belong to threads). */
    public void enter() throws Exception {
        MethodHandle setns = Native.downcall("setns", FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
        MethodHandle open = Native.downcall("open", FunctionDescriptor.of(C_INT, C_POINTER, C_INT), false);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = Native.errnoSegment();
            int fd = Native.check("open(netns)", Native.result((int) open.invokeExact(c, a.allocateFrom("/var/run/netns/" + ns), Fds.O_RDONLY | Fds.O_CLOEXEC), c));
            try {
                Native.check("setns", Native.result((int) setns.invokeExact(c, fd, CLONE_NEWNET), c));
            } finally {
                Fds.close(fd);
            }
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The host end's MAC address. */
    public byte[] hostMac() throws Exception {
        String s = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net/" + hostIf + "/address")).strip();
        byte[] m = new byte[6];
        String[] p = s.split(":");
        for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(p[i], 16);
        return m;
    }

    @Override
    public void close() {
        try {
            run("ip", "link", "del", hostIf);
        } catch (Exception ignored) {
            // gone with the namespace, or never made
        }
        try {
            run("ip", "netns", "del", ns);
        } catch (Exception ignored) {
            // never made
        }
    }
}
