package io.aionet.bench.bulk;

import io.aionet.bench.harness.Measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Same-round ratios (the method of {@code BENCHMARKS.md}: a figure counts as a ratio against peers
 * measured in the same run): for every metric aionet and a peer both measured, aionet / peer.
 */
public final class Ratios {
    private Ratios() {}

    /**
     * aionet's figure over each peer's for the same metric, as {@code "<metric> / <peer>"} in unit
     * {@code ratio}; peers or figures missing from the round are left out.
     */
    public static List<Measurement> against(Map<String, List<Measurement>> round, String aionet, List<String> peers) {
        List<Measurement> mine = round.get(aionet);
        List<Measurement> out = new ArrayList<>();
        if (mine == null) {
            return out;
        }
        for (String p : peers) {
            List<Measurement> theirs = round.get(p);
            if (theirs == null) {
                continue;
            }
            for (Measurement m : mine) {
                for (Measurement t : theirs) {
                    if (t.metric().equals(m.metric()) && t.unit().equals(m.unit()) && t.value() > 0) {
                        out.add(new Measurement(aionet, m.metric() + " / " + p, "ratio", m.value() / t.value()));
                    }
                }
            }
        }
        return out;
    }
}
