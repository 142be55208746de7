package io.aionet.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Periodic: one event per open receive pool, its counters since it was created. */
@Name("io.aionet.ReceivePoolStatistics")
@Label("Receive Pool Statistics")
@Category({"aionet", "Memory"})
@Description("Counters of one open aionet receive pool since its creation (read without synchronizing: approximate)")
@Enabled(false)
@Period("1 s")
@StackTrace(false)
public final class ReceivePoolStatisticsEvent extends jdk.jfr.Event {
    @Label("Buffer Group")
    public int bgid;
    @Label("Buffers")
    public int buffers;
    @Label("Available") @Description("Buffers in the kernel's ring now")
    public int available;
    @Label("Held") @Description("Received pieces the program holds now")
    public int held;
    @Label("Received") @Description("Pieces delivered to the program")
    public long received;
    @Label("Received Bytes") @DataAmount
    public long receivedBytes;
    @Label("Starvations") @Description("Receives that ended with ENOBUFS while the program held every buffer")
    public long starvations;
}
