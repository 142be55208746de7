package io.aionet.channel.tcp;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects what a TcpReceiveEngine yields, per flow and direction, for assertions. */
public final class RecordingListener implements TcpStreamListener {
    public final Map<Long, ByteArrayOutputStream[]> data = new HashMap<>();
    public final List<String> gaps = new ArrayList<>();
    public final Map<Long, TcpFlow.CloseReason> closed = new HashMap<>();
    public final List<TcpFlow> opened = new ArrayList<>();

    @Override
    public void onOpen(TcpFlow flow) {
        opened.add(flow);
        data.put(flow.id(), new ByteArrayOutputStream[]{new ByteArrayOutputStream(), new ByteArrayOutputStream()});
    }

    @Override
    public void onData(TcpFlow flow, TcpDirection d, MemorySegment mem, long offset, long length) {
        byte[] b = new byte[(int) length];
        MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, offset, b, 0, (int) length);
        data.get(flow.id())[d.ordinal()].writeBytes(b);
    }

    @Override
    public void onGap(TcpFlow flow, TcpDirection d, long streamOffset, long length) {
        gaps.add(flow.id() + ":" + d + "@" + streamOffset + "+" + length);
    }

    @Override
    public void onClose(TcpFlow flow, TcpFlow.CloseReason reason) {
        closed.put(flow.id(), reason);
    }

    public byte[] bytes(long flow, TcpDirection d) {
        return data.get(flow)[d.ordinal()].toByteArray();
    }
}
