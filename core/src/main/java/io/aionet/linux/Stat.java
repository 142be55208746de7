package io.aionet.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_POINTER;

/**
 * {@code fstat}, reduced to what identifies an open file: {@code st_dev} and {@code st_ino}, which lead
 * {@code struct stat} on x86_64 and on arm64's generic layout alike ({@code __u64 st_dev} at 0,
 * {@code __u64 st_ino} at 8; the whole struct is at most 144 bytes).
 */
public final class Stat {
    private Stat() {}

    private static final long SIZEOF_stat = 144;
    private static final MethodHandle FSTAT = Native.downcall("fstat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER), false);

    /**
     * Fills {@code out[0]} with the file's device and {@code out[1]} with its inode.
     *
     * @return 0, or -errno ({@code -EBADF} when {@code fd} is not open)
     */
    public static int identity(int fd, long[] out) {
        MemorySegment c = Native.errnoSegment();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(SIZEOF_stat, 8);
            int r = Native.result((int) FSTAT.invokeExact(c, fd, st), c);
            if (r == 0) {
                out[0] = st.get(ValueLayout.JAVA_LONG, 0);
                out[1] = st.get(ValueLayout.JAVA_LONG, 8);
            }
            return r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
