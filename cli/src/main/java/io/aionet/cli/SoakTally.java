package io.aionet.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's client saw, per server, summed over connections from any thread. A well-behaved
 * connection expects every byte it asked for: what it did not get whole is lost. A connection the
 * client resets on purpose ({@code SO_LINGER} 0) expects nothing after its reset: its end is the
 * server's expected error, not a loss, but the bytes it read before are checked all the same.
 */
final class SoakTally {
    /** The servers under test. */
    enum Server {
        ECHO("echo"), SERVE("serve");

        final String label;

        Server(String label) {
            this.label = label;
        }
    }

    /** What can go wrong on a connection, as the client sees it. Every kind is a failure of the run. */
    enum Fault {
        CONNECT("connect failed"),
        SERVER_RESET("reset by the server"),
        CLOSED_EARLY("closed before all was sent"),
        CORRUPTED("bytes corrupted"),
        EXTRA("bytes past the expected end"),
        STALLED("stalled (nothing for 30 s)"),
        BAD_RESPONSE("wrong HTTP response"),
        IO("other I/O error"),
        CLIENT("client failure"),
        UNFINISHED("never finished");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    /** One server's figures. */
    static final class PerServer {
        final LongAdder connections = new LongAdder();
        final LongAdder wellBehaved = new LongAdder();
        final LongAdder resets = new LongAdder();
        final LongAdder halfCloses = new LongAdder();
        final LongAdder slowReaders = new LongAdder();
        final LongAdder requests = new LongAdder();
        final LongAdder bytesSent = new LongAdder();
        final LongAdder bytesReceived = new LongAdder();
        /** Bytes well-behaved connections were owed. */
        final LongAdder expected = new LongAdder();
        /** Of those, bytes that arrived, in place and correct. */
        final LongAdder delivered = new LongAdder();
        /** Bytes that arrived different from what was sent (any connection). */
        final LongAdder corrupted = new LongAdder();

        /** Bytes owed to well-behaved connections that never arrived correct. */
        long lost() {
            return expected.sum() - delivered.sum();
        }
    }

    private final Map<Server, PerServer> servers = new EnumMap<>(Server.class);
    private final Map<Fault, LongAdder> faults = new ConcurrentHashMap<>();
    /** The first occurrences of each fault (up to {@link #EXAMPLES}): which connection, and what happened. */
    private final Map<Fault, java.util.Queue<String>> examples = new ConcurrentHashMap<>();
    /** Occurrences of a fault kept for the report. */
    static final int EXAMPLES = 3;
    final LongAdder done = new LongAdder();

    SoakTally() {
        for (Server s : Server.values()) {
            servers.put(s, new PerServer());
        }
    }

    PerServer of(Server s) {
        return servers.get(s);
    }

    /** Records a fault of connection {@code id} of server {@code s} ({@code null}: of the run as a whole). */
    void fault(Fault f, long id, Server s, String what) {
        faults.computeIfAbsent(f, k -> new LongAdder()).increment();
        java.util.Queue<String> q = examples.computeIfAbsent(f, k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
        if (q.size() < EXAMPLES) {
            q.add(s == null ? what : "connection " + id + " (" + s.label + "): " + what);
        }
    }

    /** How many times fault {@code f} happened. */
    long faults(Fault f) {
        LongAdder a = faults.get(f);
        return a == null ? 0 : a.sum();
    }

    /** Every fault counted. */
    long faults() {
        long n = 0;
        for (LongAdder a : faults.values()) {
            n += a.sum();
        }
        return n;
    }

    /** The first occurrences of {@code f} (up to {@link #EXAMPLES}, about in order). */
    java.util.List<String> examples(Fault f) {
        java.util.Queue<String> q = examples.get(f);
        return q == null ? java.util.List.of() : java.util.List.copyOf(q);
    }

    /** Bytes both ways over all servers. */
    long moved() {
        long n = 0;
        for (PerServer p : servers.values()) {
            n += p.bytesSent.sum() + p.bytesReceived.sum();
        }
        return n;
    }

    /** True when any byte owed was lost or any byte arrived corrupted, on any server. */
    boolean anyLoss() {
        for (PerServer p : servers.values()) {
            if (p.lost() != 0 || p.corrupted.sum() != 0) {
                return true;
            }
        }
        return false;
    }
}
