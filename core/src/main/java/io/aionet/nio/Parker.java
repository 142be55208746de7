package io.aionet.nio;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a blocking call waits for its operation: the calling thread parks ({@link LockSupport#park}),
 * and the completion, dispatched on the channel's loop thread, unparks it. A virtual thread that parks
 * leaves its carrier, so thousands can wait on one loop's io_uring — the way the JDK parks virtual
 * threads on its own poller, with the kernel's completion in place of readiness.
 */
final class Parker implements Done<Object> {
    private final Thread waiter = Thread.currentThread();
    private volatile boolean finished;
    private Object value;
    private Throwable exc;

    @Override
    public void done(Object v, Throwable e) {
        value = v;
        exc = e;
        finished = true; // volatile store publishes value and exc to the waiter's volatile load
        LockSupport.unpark(waiter);
    }

    /**
     * Parks until the operation ended; an interrupt closes {@code channel} (its operation then fails)
     * and throws {@link ClosedByInterruptException}, as the JDK's interruptible channels do.
     */
    Object await(java.io.Closeable channel) throws IOException {
        boolean interrupted = false;
        while (!finished) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
                channel.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new ClosedByInterruptException();
        }
        if (exc != null) {
            if (exc instanceof AsynchronousCloseException) {
                AsynchronousCloseException e = new AsynchronousCloseException(); // this thread's stack
                e.initCause(exc);
                throw e;
            }
            if (exc instanceof IOException io) {
                throw io;
            }
            if (exc instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(exc);
        }
        return value;
    }
}
