package io.aionet.bench.echo;

import java.util.ArrayList;
import java.util.List;

/**
 * One load point of the {@code echo} benchmark (issue 5): {@code connections} connections, each with
 * one request of {@code size} bytes outstanding.
 *
 * @param connections concurrent connections
 * @param size        bytes per request (and per echoed response)
 */
record EchoCell(int connections, int size) {
    /** Checks the figures. */
    EchoCell {
        if (connections < 1 || size < 1 || size > 65536) {
            throw new IllegalArgumentException("connections >= 1 and 1 <= size <= 65536: " + connections + ", " + size);
        }
    }

    /**
     * The load points of issue 5 — 1, 64 and 1,000 connections, each with 64 B and 512 B requests — and
     * issue 13's 16 KiB requests at 64 connections (messages larger than one receive buffer).
     */
    static List<EchoCell> all() {
        List<EchoCell> cells = new ArrayList<>();
        for (int c : new int[] {1, 64, 1000}) {
            for (int s : new int[] {64, 512}) {
                cells.add(new EchoCell(c, s));
            }
        }
        cells.add(new EchoCell(64, 16 * 1024));
        return cells;
    }

    /** The metric prefix, e.g. {@code 1000 conn 64 B}. */
    String label() {
        return connections + " conn " + size + " B";
    }
}
