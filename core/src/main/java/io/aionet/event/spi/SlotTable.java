package io.aionet.event.spi;

import io.aionet.backend.Backend;
import io.aionet.event.EventKind;

import java.util.Arrays;

/**
 * A channel's table of {@link Slot}s and the one dispatcher of its completions: every
 * {@code (user_data, res, flags)} the backend reaps goes through {@link #dispatch}, which decodes it
 * with {@link UserData} and hands it to the slot it names — or, for the reserved values declared
 * there, to nobody (bookkeeping) or to the program (a posted message becomes a
 * {@link EventKind#USER} event). Slot 0 is never handed out. Owner thread only.
 */
public final class SlotTable {
    static {
        // Load the codec with the table, at channel creation: decoding must not need the class loader
        // later, when the process may be out of descriptors (EMFILE) and no class file can be opened.
        UserData.kind(0L);
    }

    private final EventSink posted;
    private Slot[] slots = new Slot[64];
    private int[] free = new int[64];
    private int freeTop;
    private int next = 1;
    private int live;

    /** A table whose posted messages go to {@code posted}. */
    public SlotTable(EventSink posted) {
        this.posted = posted;
    }

    /** {@code user_data} of bookkeeping requests whose completion nobody needs (cancels, removes). */
    public static final long INTERNAL = UserData.INTERNAL_USER_DATA;

    /** {@code user_data} of the cancel-all a closing channel submits. */
    public static final long DRAIN = UserData.DRAIN_USER_DATA;

    /** Gives {@code s} a slot. */
    public void attach(Slot s) {
        int i;
        if (freeTop > 0) {
            i = free[--freeTop];
        } else {
            i = next++;
            if (i >= 1 << UserData.SLOT_BITS) {
                throw new IllegalStateException("more than " + ((1 << UserData.SLOT_BITS) - 1) + " sources and operations on one channel");
            }
            if (i >= slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
                free = Arrays.copyOf(free, slots.length);
            }
        }
        slots[i] = s;
        s.slot = i;
        s.removed = false;
        live++;
    }

    /** Removes {@code s}: its slot is freed now when the kernel holds none of its requests, else at the last completion. */
    public void remove(Slot s) {
        s.removed = true;
        if (s.inKernel <= 0) {
            freeSlot(s);
        }
    }

    private void freeSlot(Slot s) {
        if (slots[s.slot] == s) {
            slots[s.slot] = null;
            free[freeTop++] = s.slot;
            live--;
            s.retired();
        }
    }

    /** Slots taken (removed ones the kernel still holds requests of included). */
    public int size() {
        return live;
    }

    /** The dispatcher: routes one completion. */
    public void dispatch(long userData, int res, int flags) {
        if ((flags & UserData.POSTED_FLAG) != 0) {
            posted.add(EventKind.USER, userData, res, 0, null, null);
            return;
        }
        if (UserData.kind(userData) != UserData.SLOT) {
            return; // INTERNAL bookkeeping, DRAIN
        }
        int i = UserData.slot(userData);
        if (i <= 0 || i >= slots.length) {
            return;
        }
        Slot s = slots[i];
        if (s == null) {
            return;
        }
        boolean terminal = (flags & Backend.CQE_F_MORE) == 0;
        if (terminal) {
            s.inKernel--;
        }
        if (UserData.generation(userData) == s.generation && (!s.removed || s.completesAfterRemoval())) {
            s.complete(UserData.sub(userData), res, flags, terminal);
        } else {
            s.stale(userData, terminal);
        }
        if (s.removed && s.inKernel <= 0) {
            freeSlot(s);
        }
    }

    /** Marks every slot removed (the channel is closing; operations still see their completions). */
    public void removeAll() {
        for (Slot s : slots) {
            if (s != null) {
                s.removed = true;
            }
        }
    }

    /** After the backend closed (no request remains): retires every slot still taken. */
    public void retireAll() {
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            if (s != null) {
                slots[i] = null;
                s.retired();
            }
        }
        live = 0;
    }
}
