package io.aionet.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Periodic: one event per open event channel, its counters since it was created. */
@Name("io.aionet.ChannelStatistics")
@Label("Event Channel Statistics")
@Category({"aionet", "Event Channel"})
@Description("Counters of one open aionet event channel since its creation (read without synchronizing: approximate)")
@Enabled(false)
@Period("1 s")
@StackTrace(false)
public final class ChannelStatisticsEvent extends jdk.jfr.Event {
    @Label("Owner") @Description("The channel's owner thread's name")
    public String owner;
    @Label("Backend")
    public String backend;
    @Label("Events") @Description("Events taken with next()")
    public long events;
    @Label("Waits") @Description("Times await() blocked in the kernel")
    public long waits;
    @Label("Overflows") @Description("Times the completion ring overflowed")
    public long overflows;
    @Label("Sources") @Description("Sources registered now")
    public int sources;
}
