package io.aionet.channel.xdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.aionet.linux.BpfInsn.*;

/**
 * A tiny eBPF assembler: programs are written as data, one call per {@code struct bpf_insn}, with
 * named labels for forward and backward jumps, and encoded into the 8-byte instructions the kernel's
 * {@code BPF_PROG_LOAD} takes. This is how the library builds its XDP flow classifier without a
 * compiler or libbpf.
 * {@snippet :
 * Ebpf a = new Ebpf();
 * a.movImm(Ebpf.R0, 2).exit();          // return XDP_PASS
 * long[] program = a.assemble();
 * }
 *
 * <p>Registers are {@link #R0} … {@link #R10} ({@code R10} is the read-only frame pointer). Each
 * instruction is packed into a {@code long} as the little-endian kernel reads it: {@code code} in bits
 * 0-7, {@code dst_reg} 8-11, {@code src_reg} 12-15, {@code off} 16-31, {@code imm} 32-63.
 */
public final class Ebpf {
    /** Register r0: the return value of the program and of helper calls. */
    public static final int R0 = 0;
    /** Register r1: the first helper argument; on entry, the program's context ({@code struct xdp_md *}). */
    public static final int R1 = 1;
    /** Register r2: the second helper argument. */
    public static final int R2 = 2;
    /** Register r3: the third helper argument. */
    public static final int R3 = 3;
    /** Register r4: the fourth helper argument. */
    public static final int R4 = 4;
    /** Register r5: the fifth helper argument. */
    public static final int R5 = 5;
    /** Register r6: callee-saved: kept across helper calls. */
    public static final int R6 = 6;
    /** Register r7: callee-saved: kept across helper calls. */
    public static final int R7 = 7;
    /** Register r8: callee-saved: kept across helper calls. */
    public static final int R8 = 8;
    /** Register r9: callee-saved: kept across helper calls. */
    public static final int R9 = 9;
    /** Register r10: the read-only frame pointer: the stack (512 bytes) lies below it. */
    public static final int R10 = 10;

    /** An empty program, ready for its first instruction. */
    public Ebpf() {
    }

    /** Width of a memory access. */
    public enum Size {
        /** 1 byte. */ B(BPF_B),
        /** 2 bytes. */ H(BPF_H),
        /** 4 bytes. */ W(BPF_W),
        /** 8 bytes. */ DW(BPF_DW);

        final int bits;

        Size(int bits) {
            this.bits = bits;
        }
    }

    private long[] insns = new long[64];
    private int count;
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Object[]> fixups = new ArrayList<>(); // {insn index, label}

    /**
     * Packs one instruction.
     *
     * @param code the opcode byte ({@code BPF_ALU64 | BPF_MOV | BPF_K}...)
     * @param dst the destination register, 0..15
     * @param src the source register, 0..15
     * @param off the signed 16-bit offset
     * @param imm the 32-bit immediate
     * @return the instruction as the kernel reads it, little-endian
     */
    public static long encode(int code, int dst, int src, int off, int imm) {
        return (code & 0xffL) | ((long) (dst & 0xf) << 8) | ((long) (src & 0xf) << 12)
                | ((long) (off & 0xffff) << 16) | ((long) imm << 32);
    }

    private Ebpf emit(int code, int dst, int src, int off, int imm) {
        reg(dst);
        reg(src);
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset out of 16-bit range: " + off);
        }
        if (count == insns.length) {
            insns = Arrays.copyOf(insns, count * 2);
        }
        insns[count++] = encode(code, dst, src, off, imm);
        return this;
    }

    private static void reg(int r) {
        if (r < 0 || r > 10) {
            throw new IllegalArgumentException("no such eBPF register: r" + r);
        }
    }

    /** {@return instructions so far} */
    public int size() {
        return count;
    }

    /**
     * Marks the next instruction with {@code name}.
     *
     * @param name the label, unique in this program
     * @return this assembler
     */
    public Ebpf label(String name) {
        if (labels.putIfAbsent(name, count) != null) {
            throw new IllegalArgumentException("label defined twice: " + name);
        }
        return this;
    }

    // ---- ALU (64-bit)

    /**
     * {@code dst = imm}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @return this assembler
     */
    public Ebpf movImm(int dst, int imm) { return emit(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm); }
    /**
     * {@code dst = src}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param src the source register, {@link #R0} .. {@link #R10}
     * @return this assembler
     */
    public Ebpf mov(int dst, int src) { return emit(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0); }
    /**
     * {@code dst += imm}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @return this assembler
     */
    public Ebpf addImm(int dst, int imm) { return emit(BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm); }
    /**
     * {@code dst += src}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param src the source register, {@link #R0} .. {@link #R10}
     * @return this assembler
     */
    public Ebpf add(int dst, int src) { return emit(BPF_ALU64 | BPF_ADD | BPF_X, dst, src, 0, 0); }
    /**
     * {@code dst &= imm}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @return this assembler
     */
    public Ebpf andImm(int dst, int imm) { return emit(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm); }
    /**
     * {@code dst <<= imm}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @return this assembler
     */
    public Ebpf lshImm(int dst, int imm) { return emit(BPF_ALU64 | BPF_LSH | BPF_K, dst, 0, 0, imm); }
    /**
     * {@code dst >>= imm} (logical).
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @return this assembler
     */
    public Ebpf rshImm(int dst, int imm) { return emit(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm); }

    // ---- memory

    /**
     * {@code dst = *(size *)(src + off)}.
     *
     * @param size the width of the access
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param src the source register, {@link #R0} .. {@link #R10}
     * @param off the signed 16-bit byte offset from the base register
     * @return this assembler
     */
    public Ebpf load(Size size, int dst, int src, int off) { return emit(BPF_LDX | BPF_MEM | size.bits, dst, src, off, 0); }
    /**
     * {@code *(size *)(dst + off) = src}.
     *
     * @param size the width of the access
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param off the signed 16-bit byte offset from the base register
     * @param src the source register, {@link #R0} .. {@link #R10}
     * @return this assembler
     */
    public Ebpf store(Size size, int dst, int off, int src) { return emit(BPF_STX | BPF_MEM | size.bits, dst, src, off, 0); }
    /**
     * {@code *(size *)(dst + off) = imm}.
     *
     * @param size the width of the access
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param off the signed 16-bit byte offset from the base register
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @return this assembler
     */
    public Ebpf storeImm(Size size, int dst, int off, int imm) { return emit(BPF_ST | BPF_MEM | size.bits, dst, 0, off, imm); }

    /**
     * {@code dst = map} for the map whose descriptor is {@code mapFd} (two instruction slots, {@code BPF_PSEUDO_MAP_FD}).
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param mapFd the map's descriptor ({@code BpfMap.fd()})
     * @return this assembler
     */
    public Ebpf loadMapFd(int dst, int mapFd) {
        emit(BPF_LD | BPF_DW | BPF_IMM, dst, io.aionet.linux.Bpf.BPF_PSEUDO_MAP_FD, 0, mapFd);
        return emit(0, 0, 0, 0, 0);
    }

    // ---- jumps

    private Ebpf jump(int code, int dst, int src, int imm, String target) {
        fixups.add(new Object[]{count, target});
        return emit(code, dst, src, 0, imm);
    }

    /**
     * {@code goto target}.
     *
     * @param target the label to jump to, defined before or after this jump
     * @return this assembler
     */
    public Ebpf ja(String target) { return jump(BPF_JMP | BPF_JA, 0, 0, 0, target); }
    /**
     * {@code if dst == imm goto target}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @param target the label to jump to, defined before or after this jump
     * @return this assembler
     */
    public Ebpf jeqImm(int dst, int imm, String target) { return jump(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, imm, target); }
    /**
     * {@code if dst != imm goto target}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @param target the label to jump to, defined before or after this jump
     * @return this assembler
     */
    public Ebpf jneImm(int dst, int imm, String target) { return jump(BPF_JMP | BPF_JNE | BPF_K, dst, 0, imm, target); }
    /**
     * {@code if dst < imm goto target} (unsigned).
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @param target the label to jump to, defined before or after this jump
     * @return this assembler
     */
    public Ebpf jltImm(int dst, int imm, String target) { return jump(BPF_JMP | BPF_JLT | BPF_K, dst, 0, imm, target); }
    /**
     * {@code if dst & imm goto target}.
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param imm the 32-bit immediate (sign-extended to 64 bits)
     * @param target the label to jump to, defined before or after this jump
     * @return this assembler
     */
    public Ebpf jsetImm(int dst, int imm, String target) { return jump(BPF_JMP | BPF_JSET | BPF_K, dst, 0, imm, target); }
    /**
     * {@code if dst > src goto target} (unsigned).
     *
     * @param dst the destination register, {@link #R0} .. {@link #R10}
     * @param src the source register, {@link #R0} .. {@link #R10}
     * @param target the label to jump to, defined before or after this jump
     * @return this assembler
     */
    public Ebpf jgt(int dst, int src, String target) { return jump(BPF_JMP | BPF_JGT | BPF_X, dst, src, 0, target); }

    /**
     * Calls kernel helper number {@code helper} (arguments in r1-r5, result in r0; r1-r5 are clobbered).
     *
     * @param helper the helper's number ({@code BPF_FUNC_*}, e.g. 51 {@code redirect_map})
     * @return this assembler
     */
    public Ebpf call(int helper) { return emit(BPF_JMP | BPF_CALL, 0, 0, 0, helper); }

    /** {@return {@code return r0}} */
    public Ebpf exit() { return emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

    /**
     * Resolves the labels and returns the program.
     *
     * @return the encoded instructions, for {@link XdpProgram#load}
     * @throws IllegalStateException for a jump to an undefined label
     */
    public long[] assemble() {
        long[] out = Arrays.copyOf(insns, count);
        for (Object[] f : fixups) {
            int at = (Integer) f[0];
            Integer target = labels.get((String) f[1]);
            if (target == null) {
                throw new IllegalStateException("jump to undefined label " + f[1]);
            }
            int off = target - at - 1;
            if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
                throw new IllegalStateException("jump to " + f[1] + " is too far: " + off);
            }
            out[at] = (out[at] & ~(0xffffL << 16)) | ((long) (off & 0xffff) << 16);
        }
        return out;
    }
}
