package io.aionet.event.spi;

import io.aionet.backend.Backend;

/**
 * The one owner of the 64-bit {@code user_data} an event channel's requests carry:
 * <pre>
 *  63  62 ........ 56  55 ..... 48  47 ............ 24  23 ............. 0
 * [ 0 | kind (7 bits) | sub (8 bits) | generation (24) | slot (24 bits) ]
 * </pre>
 * Bit 63 is the backend's ({@link Backend#RESERVED_BIT}); the channel never sets it. {@code kind}
 * says who answers the completion; a slot's requests carry {@link #SLOT} with the slot, its
 * generation (so a completion of a request made before a re-arm is recognised as stale) and a
 * sub-request id that tells an operation's concurrent requests apart (a send's part, a file send's
 * chunk, a connect or its back-off timer) instead of their completion order. Every reserved value is
 * declared here, beside the one dispatcher ({@link SlotTable#dispatch}).
 */
final class UserData {
    private UserData() {}

    /** Kind: channel bookkeeping whose completion nobody needs (cancels, removes, posts it sends). The value 0. */
    static final int INTERNAL = 0;
    /** Kind: a request of the slot named in the low bits. */
    static final int SLOT = 1;
    /** Kind: the cancel-all a closing channel submits before draining. */
    static final int DRAIN = 2;
    /**
     * Not a kind: a completion flagged {@link Backend#CQE_F_POSTED} is a message from another channel
     * and its {@code user_data} is the sender's tag, passed on untouched.
     */
    static final int POSTED_FLAG = Backend.CQE_F_POSTED;

    /** {@code user_data} of bookkeeping requests: ignored on completion. */
    static final long INTERNAL_USER_DATA = 0L;
    /** {@code user_data} of the close-time cancel-all. */
    static final long DRAIN_USER_DATA = (long) DRAIN << 56;

    static final int SLOT_BITS = 24;
    static final int GENERATION_MASK = (1 << 24) - 1;
    static final int MAX_SUB = 0xff;

    static long encode(int slot, int generation, int sub) {
        return ((long) SLOT << 56) | ((long) (sub & MAX_SUB) << 48)
                | ((long) (generation & GENERATION_MASK) << 24) | (slot & ((1L << SLOT_BITS) - 1));
    }

    static int kind(long ud) {
        return (int) (ud >>> 56) & 0x7f;
    }

    static int slot(long ud) {
        return (int) (ud & ((1L << SLOT_BITS) - 1));
    }

    static int generation(long ud) {
        return (int) (ud >>> 24) & GENERATION_MASK;
    }

    static int sub(long ud) {
        return (int) (ud >>> 48) & MAX_SUB;
    }
}
