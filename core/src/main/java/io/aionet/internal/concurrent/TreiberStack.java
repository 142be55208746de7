package io.aionet.internal.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An intrusive lock-free stack (Treiber's): any thread pushes, one owner takes everything at once. The
 * returned-buffer stacks of DMA areas and receive pools: a buffer released on a foreign thread is
 * pushed here, and the area's (or pool's) own thread takes the whole batch when its free queue runs
 * dry — no lock, no allocation (the link lives in the node, read and written through {@link Links}).
 *
 * <p>Memory order: a push writes the node's link plainly, then publishes the node with a volatile
 * CAS of the head; {@link #takeAll()} swaps the head to null with a volatile {@code getAndSet}, which
 * pairs with that CAS, so every link of the taken chain is visible to the taker. The taker walks the
 * chain with {@link Links#next}, owning every node on it. ABA cannot hurt: nodes are only pushed, never
 * popped one by one. Tested with jcstress ({@code stress/.../TreiberStack*Stress}).
 *
 * @param <T> the node type
 */
public final class TreiberStack<T> {
    /** How to reach a node's link field. */
    public interface Links<T> {
        /** The node after {@code node}, or null. */
        T next(T node);

        /** Sets the node after {@code node}. */
        void next(T node, T next);
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TreiberStack.class, "head", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Links<T> links;
    @SuppressWarnings("unused")
    private volatile Object head;

    /** An empty stack whose nodes link through {@code links}. */
    public TreiberStack(Links<T> links) {
        this.links = links;
    }

    /**
     * Pushes {@code node} (not on any stack now). Any thread.
     *
     * @return true when the stack was empty before: the first of a batch, when the taker may need waking
     */
    @SuppressWarnings("unchecked")
    public boolean push(T node) {
        Object h;
        do {
            h = head;
            links.next(node, (T) h);
        } while (!HEAD.compareAndSet(this, h, node)); // release of the link; pairs with takeAll's getAndSet
        return h == null;
    }

    /** Takes every node pushed so far, newest first (walk with {@link Links#next}); null when empty. Taker only. */
    @SuppressWarnings("unchecked")
    public T takeAll() {
        if (head == null) {
            return null; // volatile read: cheap check before the atomic swap
        }
        return (T) HEAD.getAndSet(this, null); // acquire of every pushed link; pairs with push's CAS
    }

    /** True when nothing is pushed. Any thread; a racing push may make it stale at once. */
    public boolean isEmpty() {
        return head == null;
    }
}
