package io.aionet.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A socket operation whose completion came later than the threshold after the program started it (its
 * duration: from the call to the completion event). The usual JFR {@code threshold} setting applies.
 */
@Name("io.aionet.SlowOperation")
@Label("Slow Socket Operation")
@Category({"aionet", "Socket"})
@Description("An aionet socket operation (send, receive, connect) that took longer than the threshold, call to completion")
@Enabled(false)
@Threshold("20 ms")
@StackTrace(false)
public final class SlowOperationEvent extends jdk.jfr.Event {
    @Label("Operation") @Description("send, sendZeroCopy, sendFile, receive, connect")
    public String operation;
    @Label("Descriptor")
    public int fd;
    @Label("Tag") @Description("The tag the operation was started with")
    public long tag;
    @Label("Result") @Description("Bytes moved, 0, or -errno")
    public int result;
}
