package io.aionet.linux;

/**
 * {@code struct bpf_insn} (8 bytes, {@code <linux/bpf.h>}) and the opcode bits of the eBPF instruction
 * set ({@code <linux/bpf_common.h>}, {@code <linux/bpf.h>}):
 * <pre>
 * struct bpf_insn {
 *     __u8  code;       // opcode
 *     __u8  dst_reg:4;  // dest register (low nibble on little-endian)
 *     __u8  src_reg:4;  // source register (high nibble)
 *     __s16 off;        // signed offset
 *     __s32 imm;        // signed immediate constant
 * };
 * </pre>
 */
public final class BpfInsn {
    private BpfInsn() {}

    public static final long SIZEOF = 8;
    public static final long OFFSETOF_code = 0;
    public static final long OFFSETOF_regs = 1;
    public static final long OFFSETOF_off = 2;
    public static final long OFFSETOF_imm = 4;

    // instruction classes
    public static final int BPF_LD = 0x00;
    public static final int BPF_LDX = 0x01;
    public static final int BPF_ST = 0x02;
    public static final int BPF_STX = 0x03;
    public static final int BPF_ALU = 0x04;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_JMP32 = 0x06;
    public static final int BPF_ALU64 = 0x07;

    // sizes
    public static final int BPF_W = 0x00;
    public static final int BPF_H = 0x08;
    public static final int BPF_B = 0x10;
    public static final int BPF_DW = 0x18;

    // modes
    public static final int BPF_IMM = 0x00;
    public static final int BPF_MEM = 0x60;

    // ALU operations
    public static final int BPF_ADD = 0x00;
    public static final int BPF_SUB = 0x10;
    public static final int BPF_MUL = 0x20;
    public static final int BPF_OR = 0x40;
    public static final int BPF_AND = 0x50;
    public static final int BPF_LSH = 0x60;
    public static final int BPF_RSH = 0x70;
    public static final int BPF_XOR = 0xa0;
    public static final int BPF_MOV = 0xb0;

    // jumps
    public static final int BPF_JA = 0x00;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_JGT = 0x20;
    public static final int BPF_JGE = 0x30;
    public static final int BPF_JSET = 0x40;
    public static final int BPF_JNE = 0x50;
    public static final int BPF_CALL = 0x80;
    public static final int BPF_EXIT = 0x90;
    public static final int BPF_JLT = 0xa0;
    public static final int BPF_JLE = 0xb0;

    // operand source
    public static final int BPF_K = 0x00;
    public static final int BPF_X = 0x08;
}
