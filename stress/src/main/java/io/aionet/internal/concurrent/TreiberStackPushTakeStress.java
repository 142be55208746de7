package io.aionet.internal.concurrent;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The returned-buffer stack: a foreign thread pushes (a buffer released off the owner's thread) while
 * the owner pushes one of its own and takes everything; the arbiter takes the rest. Each node is taken exactly once, and the links of a
 * taken chain are complete (the push's plain link write, published by its CAS, is seen after the
 * taker's getAndSet). r1: nodes the taker got (mask), r2: the arbiter's, r3: pushes that saw an empty
 * stack (exactly one per batch the taker could have found).
 */
@JCStressTest
@Outcome(id = {"3, 0, 1", "2, 1, 2"}, expect = Expect.ACCEPTABLE,
        desc = "every node taken exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a node lost or taken twice, or a broken link")
@State
public class TreiberStackPushTakeStress {
    static final class Node {
        final int bit;
        Node next;

        Node(int bit) {
            this.bit = bit;
        }
    }

    private static final TreiberStack.Links<Node> LINKS = new TreiberStack.Links<>() {
        @Override
        public Node next(Node n) {
            return n.next;
        }

        @Override
        public void next(Node n, Node next) {
            n.next = next;
        }
    };

    private final TreiberStack<Node> stack = new TreiberStack<>(LINKS);
    private final Node one = new Node(1);
    private final Node two = new Node(2);
    private volatile boolean firstOne;
    private volatile boolean firstTwo;

    @Actor
    public void pusher1() {
        firstOne = stack.push(one);
    }

    @Actor
    public void ownerPushesThenTakes(III_Result r) {
        firstTwo = stack.push(two);
        r.r1 = walk(stack.takeAll());
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r2 = walk(stack.takeAll());
        r.r3 = (firstOne ? 1 : 0) + (firstTwo ? 1 : 0);
    }

    private static int walk(Node n) {
        int mask = 0;
        for (int i = 0; n != null; i++, n = n.next) {
            if (i > 2 || (mask & n.bit) != 0) {
                return 8; // a cycle or a repeat
            }
            mask |= n.bit;
        }
        return mask;
    }
}
