package io.aionet.channel.xdp;

import io.aionet.linux.Bpf;
import io.aionet.linux.BpfAttr;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.LinuxException;
import io.aionet.linux.Native;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A BPF map owned by this process ({@code BPF_MAP_CREATE}): the kernel half of the XDP flow
 * classifier keeps its flow table and its socket table in two of these. Keys and values are byte
 * strings of fixed size, written and read through {@code BPF_MAP_UPDATE_ELEM},
 * {@code BPF_MAP_LOOKUP_ELEM} and {@code BPF_MAP_DELETE_ELEM}. Updates are not a hot path (they happen
 * when a socket is created); each call allocates its attribute block in a confined arena.
 * Thread-safe: the kernel serializes map updates.
 */
public final class BpfMap implements AutoCloseable {
    private final int fd;
    private final int type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private volatile boolean closed;

    private BpfMap(int fd, int type, int keySize, int valueSize, int maxEntries) {
        this.fd = fd;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
    }

    /**
     * Creates a map.
     *
     * @param type       {@code BPF_MAP_TYPE_*}
     * @param name       up to 15 ASCII characters (shown by bpftool)
     * @param keySize bytes per key
     * @param valueSize bytes per value
     * @param maxEntries the most entries the map holds
     * @return the map; close it to drop this descriptor
     * @throws IllegalArgumentException for sizes ≤ 0 or a bad name
     * @throws LinuxException           when the kernel refuses ({@code EPERM} without CAP_BPF)
     */
    public static BpfMap create(int type, int keySize, int valueSize, int maxEntries, String name) throws LinuxException {
        java.util.Objects.requireNonNull(name, "name");
        if (keySize <= 0 || valueSize <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("key, value and entry counts must be positive: " + keySize + ", " + valueSize + ", " + maxEntries);
        }
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= Bpf.BPF_OBJ_NAME_LEN) {
            throw new IllegalArgumentException("BPF object name longer than 15 characters: " + name);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(BpfAttr.SIZEOF, 8);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_map_type, type);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_key_size, keySize);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_value_size, valueSize);
            attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_max_entries, maxEntries);
            MemorySegment.copy(n, 0, attr, ValueLayout.JAVA_BYTE, BpfAttr.OFFSETOF_map_name, n.length);
            int fd = Native.check("bpf(BPF_MAP_CREATE)", Bpf.bpf(Bpf.BPF_MAP_CREATE, attr, BpfAttr.SIZEOF_map_create));
            return new BpfMap(fd, type, keySize, valueSize, maxEntries);
        }
    }

    /** {@return the map's descriptor, for {@link Ebpf#loadMapFd(int, int)}} */
    public int fd() {
        return fd;
    }

    /** {@return {@code BPF_MAP_TYPE_*}} */
    public int type() {
        return type;
    }

    /**
     * {@return bytes per key}
     */
    public int keySize() { return keySize; }

    /**
     * {@return bytes per value}
     */
    public int valueSize() { return valueSize; }

    /**
     * {@return the most entries the map holds}
     */
    public int maxEntries() { return maxEntries; }

    /**
     * {@code BPF_MAP_UPDATE_ELEM}: sets {@code key} to {@code value}.
     *
     * @param flags {@code BPF_ANY}, {@code BPF_NOEXIST} or {@code BPF_EXIST}
     * @param key the key, {@link #keySize()} bytes
     * @param value the value, {@link #valueSize()} bytes
     * @throws IllegalArgumentException when the sizes do not match the map's
     * @throws LinuxException           when the kernel refuses ({@code E2BIG}: full; {@code EEXIST} with NOEXIST)
     */
    public void update(byte[] key, byte[] value, long flags) throws LinuxException {
        check(key, value);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = elemAttr(a, key);
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_value, a.allocateFrom(ValueLayout.JAVA_BYTE, value).address());
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_flags, flags);
            Native.check("bpf(BPF_MAP_UPDATE_ELEM)", Bpf.bpf(Bpf.BPF_MAP_UPDATE_ELEM, attr, BpfAttr.SIZEOF_map_elem));
        }
    }

    /**
     * {@code BPF_MAP_DELETE_ELEM}: true when the key was there.
     *
     * @param key the key, {@link #keySize()} bytes
     * @return true when the key was there
     * @throws LinuxException when the kernel refuses for another reason than an absent key
     */
    public boolean delete(byte[] key) throws LinuxException {
        check(key, null);
        try (Arena a = Arena.ofConfined()) {
            int r = Bpf.bpf(Bpf.BPF_MAP_DELETE_ELEM, elemAttr(a, key), BpfAttr.SIZEOF_map_elem);
            if (r == -Errno.ENOENT) {
                return false;
            }
            Native.check("bpf(BPF_MAP_DELETE_ELEM)", r);
            return true;
        }
    }

    /**
     * {@code BPF_MAP_LOOKUP_ELEM}: the value, or null when the key is absent. Not for socket maps (the kernel refuses).
     *
     * @param key the key, {@link #keySize()} bytes
     * @return a copy of the value, or null when the key is absent
     * @throws LinuxException when the kernel refuses for another reason than an absent key
     */
    public byte[] lookup(byte[] key) throws LinuxException {
        check(key, null);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = elemAttr(a, key);
            MemorySegment v = a.allocate(valueSize);
            attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_value, v.address());
            int r = Bpf.bpf(Bpf.BPF_MAP_LOOKUP_ELEM, attr, BpfAttr.SIZEOF_map_elem);
            if (r == -Errno.ENOENT) {
                return null;
            }
            Native.check("bpf(BPF_MAP_LOOKUP_ELEM)", r);
            return v.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private MemorySegment elemAttr(Arena a, byte[] key) {
        if (closed) {
            throw new IllegalStateException("BPF map is closed");
        }
        MemorySegment attr = a.allocate(BpfAttr.SIZEOF, 8);
        attr.set(ValueLayout.JAVA_INT, BpfAttr.OFFSETOF_map_fd, fd);
        attr.set(ValueLayout.JAVA_LONG, BpfAttr.OFFSETOF_key, a.allocateFrom(ValueLayout.JAVA_BYTE, key).address());
        return attr;
    }

    private void check(byte[] key, byte[] value) {
        if (key.length != keySize) {
            throw new IllegalArgumentException("key of " + key.length + " bytes for a map with " + keySize + "-byte keys");
        }
        if (value != null && value.length != valueSize) {
            throw new IllegalArgumentException("value of " + value.length + " bytes for a map with " + valueSize + "-byte values");
        }
    }

    /** Closes the descriptor; the kernel frees the map when no program references it any more. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Fds.close(fd);
        }
    }

    @Override
    public String toString() {
        return "BpfMap[fd=" + fd + ", type=" + type + ", key=" + keySize + ", value=" + valueSize + ", max=" + maxEntries + "]";
    }
}
