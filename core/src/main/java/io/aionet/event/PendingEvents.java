package io.aionet.event;

import io.aionet.event.spi.EventSink;
import io.aionet.internal.RingArrays;

/**
 * Events decoded from completions and not yet handed out, in arrival order. A growable ring of
 * parallel primitive arrays: steady state allocates nothing; it grows when one completion yields many
 * events (a batch of file-system notifications) or a burst of completions is decoded at once.
 */
final class PendingEvents implements EventSink {
    private EventKind[] kinds = new EventKind[256];
    private long[] tags = new long[256];
    private int[] results = new int[256];
    private int[] flags = new int[256];
    private String[] names = new String[256];
    private Object[] attachments = new Object[256];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(EventKind kind, long tag, int result, int flag, String name) {
        add(kind, tag, result, flag, name, null);
    }

    @Override
    public void add(EventKind kind, long tag, int result, int flag, String name, Object attachment) {
        if (size == kinds.length) {
            grow();
        }
        int i = (head + size) & (kinds.length - 1);
        kinds[i] = kind;
        tags[i] = tag;
        results[i] = result;
        flags[i] = flag;
        names[i] = name;
        attachments[i] = attachment;
        size++;
    }

    void pollInto(Event e) {
        int i = head;
        e.set(kinds[i], tags[i], results[i], flags[i], names[i], attachments[i]);
        names[i] = null;
        attachments[i] = null;
        head = (head + 1) & (kinds.length - 1);
        size--;
    }

    void clear() {
        while (size > 0) {
            names[head] = null;
            attachments[head] = null;
            head = (head + 1) & (kinds.length - 1);
            size--;
        }
    }

    private void grow() {
        kinds = RingArrays.grown(kinds, head, size);
        tags = RingArrays.grown(tags, head, size);
        results = RingArrays.grown(results, head, size);
        flags = RingArrays.grown(flags, head, size);
        names = RingArrays.grown(names, head, size);
        attachments = RingArrays.grown(attachments, head, size);
        head = 0;
    }
}
