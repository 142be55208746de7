package io.aionet.channel.capture;

import io.aionet.linux.SockFilter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classic BPF program for {@code SO_ATTACH_FILTER}: the in-kernel half of Van Jacobson's packet
 * classifier, which keeps packets a {@link PacketRing} does not want out of the ring altogether.
 *
 * <p>aionet does not compile filter expressions (that needs libpcap); it takes compiled bytecode, as
 * {@code tcpdump -dd EXPR} prints it ({@code { 0x28, 0, 0, 0x0000000c },} per line) or as
 * {@code tcpdump -ddd EXPR} prints it (a count line, then {@code code jt jf k} in decimal), see
 * {@link #parse(String)}, and builds a few small programs itself ({@link #ipv4Port}, {@link #acceptAll}).
 * Immutable.
 */
public final class BpfProgram {
    private static final Pattern DD = Pattern.compile(
            "\\{\\s*(0x[0-9a-fA-F]+|\\d+)\\s*,\\s*(0x[0-9a-fA-F]+|\\d+)\\s*,\\s*(0x[0-9a-fA-F]+|\\d+)\\s*,\\s*(0x[0-9a-fA-F]+|\\d+)\\s*}");

    private final long[] insns; // code << 48 | jt << 40 | jf << 32 | k

    private BpfProgram(long[] insns) {
        if (insns.length == 0 || insns.length > SockFilter.BPF_MAXINSNS) {
            throw new IllegalArgumentException("a BPF program has 1.." + SockFilter.BPF_MAXINSNS + " instructions, not " + insns.length);
        }
        this.insns = insns;
    }

    /**
     * One instruction: {@code struct sock_filter {code, jt, jf, k}}.
     *
     * @param code the opcode ({@code BPF_LD | BPF_H | BPF_ABS}...), 16 bits
     * @param jt the jump offset when a conditional jump is taken, 0..255
     * @param jf the jump offset when it is not, 0..255
     * @param k the instruction's constant, 32 bits
     * @return the instruction packed in a long, for {@link #of}
     */
    public static long insn(int code, int jt, int jf, int k) {
        if ((code & ~0xffff) != 0 || (jt & ~0xff) != 0 || (jf & ~0xff) != 0) {
            throw new IllegalArgumentException("bad BPF instruction: code=" + code + " jt=" + jt + " jf=" + jf);
        }
        return (long) code << 48 | (long) jt << 40 | (long) jf << 32 | (k & 0xffffffffL);
    }

    /**
     * A program from instructions made by {@link #insn}.
     *
     * @param insns instructions made by {@link #insn}, at least one
     * @return the program, a copy of {@code insns}
     */
    public static BpfProgram of(long... insns) {
        java.util.Objects.requireNonNull(insns, "insns");
        return new BpfProgram(insns.clone());
    }

    /**
     * Parses {@code tcpdump -dd} output (C initializers) or {@code tcpdump -ddd} output (count line,
     * then four decimal numbers a line).
     *
     * @param text the output of {@code tcpdump -dd} or {@code tcpdump -ddd}
     * @return the program it lists
     * @throws IllegalArgumentException when the text is neither
     */
    public static BpfProgram parse(String text) {
        java.util.Objects.requireNonNull(text, "text");
        List<Long> out = new ArrayList<>();
        Matcher m = DD.matcher(text);
        while (m.find()) {
            out.add(insn(num(m.group(1)), num(m.group(2)), num(m.group(3)), (int) Long.parseLong(strip(m.group(4)), radix(m.group(4)))));
        }
        if (out.isEmpty()) {
            String[] lines = text.trim().split("\\R");
            try {
                int n = Integer.parseInt(lines[0].trim());
                if (n != lines.length - 1) {
                    throw new IllegalArgumentException("tcpdump -ddd output announces " + n + " instructions, has " + (lines.length - 1));
                }
                for (int i = 1; i < lines.length; i++) {
                    String[] f = lines[i].trim().split("\\s+");
                    if (f.length != 4) {
                        throw new IllegalArgumentException("line " + (i + 1) + " is not 'code jt jf k': " + lines[i]);
                    }
                    out.add(insn(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), (int) Long.parseLong(f[3])));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not tcpdump -dd or -ddd output: " + e.getMessage());
            }
        }
        long[] a = new long[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return new BpfProgram(a);
    }

    private static String strip(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    }

    private static int radix(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? 16 : 10;
    }

    private static int num(String s) {
        long v = Long.parseLong(strip(s), radix(s));
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("BPF field out of range: " + s);
        }
        return (int) v;
    }

    /** {@return {@code ret #262144}: accepts every packet} */
    public static BpfProgram acceptAll() {
        return of(insn(0x06, 0, 0, 0x40000));
    }

    /**
     * On Ethernet frames: IPv4 packets of {@code protocol} (6 TCP, 17 UDP) whose source or destination
     * port is {@code port}; the same program as {@code tcpdump -dd "ip and tcp port PORT"}.
     *
     * @param protocol the IP protocol, 6 (TCP) or 17 (UDP)
     * @param port the port either side of the packet has, 0..65535
     * @return the program
     */
    public static BpfProgram ipv4Port(int protocol, int port) {
        if (protocol != 6 && protocol != 17) {
            throw new IllegalArgumentException("protocol must be 6 (TCP) or 17 (UDP): " + protocol);
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        return of(
                insn(0x28, 0, 0, 12),        // ldh [12]             EtherType
                insn(0x15, 0, 10, 0x0800),   // jeq #0x800 else drop
                insn(0x30, 0, 0, 23),        // ldb [23]             IP protocol
                insn(0x15, 0, 8, protocol),  // jeq #proto else drop
                insn(0x28, 0, 0, 20),        // ldh [20]             flags + fragment offset
                insn(0x45, 6, 0, 0x1fff),    // jset #0x1fff → drop  (later fragments have no ports)
                insn(0xb1, 0, 0, 14),        // ldxb 4*([14]&0xf)    IP header length
                insn(0x48, 0, 0, 14),        // ldh [x+14]           source port
                insn(0x15, 2, 0, port),      // jeq #port → accept
                insn(0x48, 0, 0, 16),        // ldh [x+16]           destination port
                insn(0x15, 0, 1, port),      // jeq #port else drop
                insn(0x06, 0, 0, 0x40000),   // ret #262144          accept
                insn(0x06, 0, 0, 0));        // ret #0               drop
    }

    /** {@return number of instructions} */
    public int length() {
        return insns.length;
    }

    /**
     * Instruction {@code i} as packed by {@link #insn}.
     *
     * @param i the instruction's index, in [0, length)
     * @return the packed instruction
     */
    public long instruction(int i) {
        return insns[i];
    }

    /** Writes the program as {@code struct sock_filter[]} followed by nothing; returns the array segment. */
    MemorySegment toSockFilters(Arena arena) {
        MemorySegment s = arena.allocate(SockFilter.LAYOUT, insns.length);
        for (int i = 0; i < insns.length; i++) {
            long v = insns[i];
            long b = i * SockFilter.SIZEOF;
            s.set(ValueLayout.JAVA_SHORT, b + SockFilter.OFFSETOF_code, (short) (v >>> 48));
            s.set(ValueLayout.JAVA_BYTE, b + SockFilter.OFFSETOF_jt, (byte) (v >>> 40));
            s.set(ValueLayout.JAVA_BYTE, b + SockFilter.OFFSETOF_jf, (byte) (v >>> 32));
            s.set(ValueLayout.JAVA_INT, b + SockFilter.OFFSETOF_k, (int) v);
        }
        return s;
    }

    /**
     * A {@code struct sock_fprog} pointing at the program's {@code struct sock_filter} array, both
     * allocated in {@code arena}: the value of {@code setsockopt(SOL_SOCKET, SO_ATTACH_FILTER)} for a
     * socket {@link PacketRing} does not manage.
     *
     * @param arena where both structures are allocated; they live as long as it does
     * @return the {@code struct sock_fprog}
     */
    public MemorySegment toSockFprog(Arena arena) {
        MemorySegment filters = toSockFilters(arena);
        MemorySegment p = arena.allocate(SockFilter.FPROG_LAYOUT);
        p.set(ValueLayout.JAVA_SHORT, SockFilter.OFFSETOF_sock_fprog_len, (short) insns.length);
        p.set(ValueLayout.ADDRESS, SockFilter.OFFSETOF_sock_fprog_filter, filters);
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BpfProgram b && Arrays.equals(insns, b.insns);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(insns);
    }

    /** The program in {@code tcpdump -dd} form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long v : insns) {
            sb.append(String.format("{ 0x%x, %d, %d, 0x%08x },%n", v >>> 48, (v >>> 40) & 0xff, (v >>> 32) & 0xff, (int) v));
        }
        return sb.toString();
    }
}
