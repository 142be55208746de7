package io.aionet.dma;

import io.aionet.dma.spi.DmaSpi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The buffer ownership state machine: a program thread releases a send buffer while the ring's thread
 * hands it back from the kernel (the send completed, the buffer stays the program's). Either the
 * release comes too early — refused, since the kernel still holds it, and the program owns the buffer
 * afterwards — or it comes after the hand-back and frees the slot; never both, never neither.
 * r1: release succeeded, r2: program owns the buffer at the end, r3: free slots at the end.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE, desc = "handed back first, then released: slot free")
@Outcome(id = "0, 1, 0", expect = Expect.ACCEPTABLE, desc = "release refused while the kernel held it")
@Outcome(expect = Expect.FORBIDDEN, desc = "ownership lost or doubled")
@State
public class BufferReleaseVersusKernelReturnStress {
    private final DmaArea area = StressAreas.oneSlot();
    private final Buffer b;
    private int released;

    public BufferReleaseVersusKernelReturnStress() {
        b = area.reserve(64);
        DmaSpi.lend(b); // a send is in flight: the kernel owns it
    }

    @Actor
    public void program() {
        try {
            b.release();
            released = 1;
        } catch (BufferOwnershipException e) {
            released = 0;
        }
    }

    @Actor
    public void kernelHandsBack() {
        DmaSpi.giveBack(b, false);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = released;
        r.r2 = b.isOwned() ? 1 : 0;
        r.r3 = area.accounting().free();
        area.close();
    }
}
