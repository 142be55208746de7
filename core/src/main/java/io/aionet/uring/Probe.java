package io.aionet.uring;

import io.aionet.linux.IoUringProbe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** What {@code IORING_REGISTER_PROBE} reported: the last opcode the kernel knows and which ones it supports. */
public final class Probe {
    private final int lastOp;
    private final boolean[] supported;

    private Probe(int lastOp, boolean[] supported) {
        this.lastOp = lastOp;
        this.supported = supported;
    }

    static Probe read(MemorySegment p) {
        int lastOp = p.get(ValueLayout.JAVA_BYTE, IoUringProbe.OFFSETOF_last_op) & 0xff;
        int opsLen = p.get(ValueLayout.JAVA_BYTE, IoUringProbe.OFFSETOF_ops_len) & 0xff;
        boolean[] s = new boolean[256];
        for (int i = 0; i < opsLen; i++) {
            long base = IoUringProbe.OFFSETOF_ops + i * IoUringProbe.SIZEOF_op;
            int op = p.get(ValueLayout.JAVA_BYTE, base + IoUringProbe.OFFSETOF_op_op) & 0xff;
            int flags = p.get(ValueLayout.JAVA_SHORT, base + IoUringProbe.OFFSETOF_op_flags) & 0xffff;
            s[op] = (flags & IoUringProbe.IO_URING_OP_SUPPORTED) != 0;
        }
        return new Probe(lastOp, s);
    }

    /** {@return the highest opcode the kernel knows ({@code last_op})} */
    public int lastOp() {
        return lastOp;
    }

    /**
     * True when {@code opcode} ({@code IORING_OP_*}) is supported.
     *
     * @param opcode an {@code IORING_OP_*} value
     * @return true when {@code opcode} ({@code IORING_OP_*}) is supported
     */
    public boolean isSupported(int opcode) {
        return opcode >= 0 && opcode < supported.length && supported[opcode];
    }

    /** {@return the supported opcodes' names, in opcode order} */
    public List<String> supportedNames() {
        List<String> out = new ArrayList<>();
        for (int op = 0; op <= lastOp; op++) {
            if (supported[op]) {
                out.add(IoUringConstants.opName(op));
            }
        }
        return out;
    }
}
