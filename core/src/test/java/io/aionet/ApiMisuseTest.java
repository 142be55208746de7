package io.aionet;

import io.aionet.dma.Buffer;
import io.aionet.dma.DmaArea;
import io.aionet.dma.DmaOptions;
import io.aionet.dma.ReceivePool;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventChannelOptions;
import io.aionet.net.AsyncDatagramSocket;
import io.aionet.net.AsyncServerSocket;
import io.aionet.net.AsyncSocket;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Misuse is caught, not raced.
 *
 * <p>"Every socket and channel operation from a thread other than the owner is refused with one
 * exception type": every public instance method of the event channel, the three sockets and their
 * options, called from another thread, throws {@link WrongThreadException} — but the few that are
 * documented for any thread ({@link #ANY_THREAD}).
 *
 * <p>"Null arguments give {@code NullPointerException} with the parameter's name": every public method
 * and constructor of every public type in the packages module-info exports is called once for each
 * reference parameter, with {@code null} there and a valid value everywhere else, on the owner thread
 * of a live event channel; each call must throw {@code NullPointerException} whose message is exactly
 * the parameter's name (the core is compiled with {@code -parameters}, so reflection knows the names).
 * Instance methods need a receiver: the test builds one for the types a program holds (channel, area,
 * pool, buffer, the three sockets, their options, the ring); the instance methods of the other types
 * are listed, not called.
 */
@Timeout(120)
class ApiMisuseTest {
    /** Parameters documented to take null, as {@code Type#method(parameter)}. */
    private static final Set<String> NULL_ALLOWED = Set.of(
            "EventChannelOptions#onOverflow(handler)",     // null: no handler
            "ReceivePool#setRemoteReleaseHook(hook)",      // null: no hook
            "LinuxException#<init>(detail)",               // null: no detail
            "BufferOwnershipException#<init>(message)",    // as Throwable's message
            "FutureServerSocket#listen(local)",            // null: any address, a free port (as NIO's bind(null))
            "FutureServerSocket#listen(group)",            // null: the default group
            "FutureSocket#connect(group)",                 // null: the default group
            "BlockingServerSocket#listen(local)",          // null: any address, a free port (as NIO's bind(null))
            "BlockingServerSocket#listen(group)",          // null: the default group
            "BlockingSocket#connect(group)");              // null: the default group

    /** The operations documented for any thread, as {@code Type#method}. */
    private static final Set<String> ANY_THREAD = Set.of(
            "EventChannel#post", "EventChannel#tryPost",                     // the hand-over from other threads
            "EventChannel#fd", "EventChannel#owner", "EventChannel#backend",  // read-only accessors
            "EventChannel#hasFutexOps", "EventChannel#isClosed", "EventChannel#isOverflowed", "EventChannel#isSqPolling",
            "EventChannel#overflowCount", "AsyncSocket#isClosed", "AsyncServerSocket#isClosed",
            "AsyncDatagramSocket#isClosed");

    private Arena arena;
    private EventChannel channel;
    private DmaArea area;
    private ReceivePool pool;
    private AsyncServerSocket server;
    private AsyncSocket socket;
    private AsyncDatagramSocket udp;
    private IoUring ring;
    private Path file;
    private io.aionet.aio.AioFile aioFile;
    private final List<java.nio.channels.FileChannel> channels = new ArrayList<>();
    private final List<Buffer> buffers = new ArrayList<>();
    private final Map<Class<?>, Supplier<Object>> receivers = new HashMap<>();

    @BeforeEach
    void live() throws Exception {
        arena = Arena.ofConfined();
        channel = EventChannel.create();
        area = DmaArea.allocate(1 << 20, DmaOptions.defaults());
        pool = channel.receivePool(area, 1, 8, false);
        server = AsyncServerSocket.open(channel, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        socket = AsyncSocket.connect(channel, server.localAddress(), 0, 1);
        udp = AsyncDatagramSocket.open(channel, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ring = IoUring.builder().entries(8).open();
        file = Files.createTempFile("aionet-null", ".txt");
        Files.writeString(file, "some bytes");
        receivers.put(EventChannel.class, () -> channel);
        receivers.put(DmaArea.class, () -> area);
        receivers.put(ReceivePool.class, () -> pool);
        receivers.put(Buffer.class, this::buffer);
        receivers.put(AsyncServerSocket.class, () -> server);
        receivers.put(AsyncSocket.class, () -> socket);
        receivers.put(AsyncDatagramSocket.class, () -> udp);
        receivers.put(io.aionet.net.SocketOptions.class, () -> socket.options());
        receivers.put(Event.class, Event::new);
        receivers.put(EventChannelOptions.class, EventChannelOptions::defaults);
        receivers.put(DmaOptions.class, DmaOptions::defaults);
        receivers.put(IoUring.class, () -> ring);
        receivers.put(io.aionet.channel.packet.ParsedPacket.class, io.aionet.channel.packet.ParsedPacket::new);
        receivers.put(io.aionet.channel.tcp.TcpEngineLimits.class, () -> io.aionet.channel.tcp.TcpEngineLimits.DEFAULT);
        receivers.put(io.aionet.channel.ring.WaitStrategy.class, io.aionet.channel.ring.WaitStrategy::spin);
        receivers.put(io.aionet.aio.AioRequest.class, io.aionet.aio.AioRequest::new);
        aioFile = io.aionet.aio.AioFile.open(channel, file);
        receivers.put(io.aionet.aio.AioFile.class, () -> aioFile);
    }

    @AfterEach
    void close() throws Exception {
        for (Buffer b : buffers) {
            if (b.isOwned()) {
                b.release();
            }
        }
        aioFile.close();
        for (java.nio.channels.FileChannel fc : channels) {
            fc.close();
        }
        udp.close();
        socket.close();
        server.close();
        pool.close();
        area.close();
        channel.close();
        ring.close();
        arena.close();
        Files.deleteIfExists(file);
    }

    private Buffer buffer() {
        Buffer b = area.reserve(64);
        buffers.add(b);
        return b;
    }

    /** A valid, non-null argument of {@code type}, or null when the test has none. */
    private Object sample(Class<?> type) {
        if (type.isPrimitive()) {
            Map<Class<?>, Object> zeros = Map.of(boolean.class, false, long.class, 0L, int.class, 0,
                    short.class, (short) 0, byte.class, (byte) 0, char.class, 'x', double.class, 0.0, float.class, 0.0f);
            return zeros.get(type);
        }
        if (type == MemorySegment.class) {
            return arena.allocate(64, 8);
        }
        if (type == MemorySegment[].class) {
            return new MemorySegment[] {arena.allocate(64, 8)};
        }
        if (type == String.class || type == Object.class || type == CharSequence.class) {
            return "x";
        }
        if (type == Path.class) {
            return file;
        }
        if (type == java.nio.channels.FileChannel.class) {
            try {
                java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(file);
                channels.add(fc);
                return fc;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (SocketAddress.class.isAssignableFrom(type) && type.isAssignableFrom(InetSocketAddress.class)) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        }
        if (type == java.nio.file.OpenOption[].class) {
            return new java.nio.file.OpenOption[0];
        }
        if (type == byte[].class) {
            return new byte[8];
        }
        if (type == int[].class) {
            return new int[2];
        }
        if (type == long[].class) {
            return new long[2];
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == Thread.class) {
            return Thread.currentThread();
        }
        if (type == java.util.concurrent.TimeUnit.class) {
            return java.util.concurrent.TimeUnit.MILLISECONDS;
        }
        Supplier<Object> r = receivers.get(type);
        if (r != null) {
            return r.get();
        }
        if (type.isInterface()) { // a handler, hook or strategy: one that does nothing
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                Class<?> rt = m.getReturnType();
                if (m.getName().equals("toString")) {
                    return "a do-nothing " + type.getSimpleName();
                }
                if (m.getName().equals("hashCode")) {
                    return 0;
                }
                if (m.getName().equals("equals")) {
                    return p == a[0];
                }
                return rt.isPrimitive() && rt != void.class ? sample(rt) : null;
            });
        }
        return null;
    }

    /** The public types of the packages module-info exports, nested ones included. */
    static List<Class<?>> exportedTypes() throws Exception {
        Path classes = Path.of(EventChannel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (var in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        List<Class<?>> types = new ArrayList<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            assertTrue(e.targets().isEmpty(), "no qualified exports: " + e);
            Path dir = classes.resolve(e.source().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    String n = f.getFileName().toString();
                    if (n.equals("package-info.class")) {
                        continue;
                    }
                    Class<?> c = Class.forName(e.source() + "." + n.substring(0, n.length() - 6), false,
                            ApiMisuseTest.class.getClassLoader());
                    if (isVisible(c)) {
                        types.add(c);
                    }
                }
            }
        }
        types.sort(Comparator.comparing(Class::getName));
        return types;
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyReferenceParameterIsCheckedAndNamed() throws Exception {
        List<String> wrong = new ArrayList<>();
        Set<String> notCalled = new TreeSet<>();
        int checked = 0;
        for (Class<?> type : exportedTypes()) {
            List<Executable> members = new ArrayList<>();
            if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                members.addAll(List.of(type.getConstructors()));
            }
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()
                        && !(type.isEnum() && m.getName().equals("valueOf")) && !m.getName().equals("equals")) {
                    members.add(m);
                }
            }
            members.sort(Comparator.comparing(Executable::toGenericString));
            for (Executable x : members) {
                Parameter[] ps = x.getParameters();
                for (int i = 0; i < ps.length; i++) {
                    if (ps[i].getType().isPrimitive()) {
                        continue;
                    }
                    assertTrue(ps[i].isNamePresent(), "the core is compiled with -parameters: " + x);
                    String where = type.getSimpleName() + "#" + (x instanceof Constructor<?> ? "<init>" : x.getName())
                            + "(" + ps[i].getName() + ")";
                    if (NULL_ALLOWED.contains(where)) {
                        continue;
                    }
                    boolean isStatic = x instanceof Constructor<?> || Modifier.isStatic(x.getModifiers());
                    Object receiver = isStatic ? null : sample(type);
                    if (!isStatic && (receiver == null || type.isInterface())) {
                        notCalled.add(type.getName() + " (no receiver)");
                        continue;
                    }
                    Object[] args = new Object[ps.length];
                    boolean complete = true;
                    for (int j = 0; j < ps.length; j++) {
                        if (j != i) {
                            args[j] = sample(ps[j].getType());
                            complete &= args[j] != null;
                        }
                    }
                    if (!complete) {
                        notCalled.add(x.toGenericString() + " (no sample argument)");
                        continue;
                    }
                    checked++;
                    Throwable thrown = call(x, receiver, args);
                    if (!(thrown instanceof NullPointerException) || !ps[i].getName().equals(thrown.getMessage())) {
                        wrong.add(where + ": " + (thrown == null ? "returned normally" : thrown));
                    }
                }
            }
        }
        System.out.println("null checks: " + checked + " calls; not called: " + notCalled);
        assertTrue(checked >= 100, "the walk reached the exported API: " + checked + " calls");
        assertEquals("", String.join("\n", wrong), wrong.size() + " parameters without an NPE naming them");
    }

    @Test
    void everySocketAndChannelOperationRefusesOtherThreads() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : List.of(EventChannel.class, AsyncSocket.class, AsyncServerSocket.class,
                AsyncDatagramSocket.class, io.aionet.net.SocketOptions.class)) {
            List<Method> methods = new ArrayList<>(List.of(type.getDeclaredMethods()));
            methods.sort(Comparator.comparing(Method::toGenericString));
            for (Method m : methods) {
                String where = type.getSimpleName() + "#" + m.getName();
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()
                        || m.getName().equals("toString") || ANY_THREAD.contains(where)) {
                    continue;
                }
                Object receiver = sample(type);
                Object[] args = new Object[m.getParameterCount()];
                for (int j = 0; j < args.length; j++) {
                    args[j] = sample(m.getParameterTypes()[j]);
                    assertTrue(args[j] != null || m.getParameterTypes()[j].isPrimitive(),
                            "a sample " + m.getParameterTypes()[j] + " for " + m);
                }
                checked++;
                Throwable[] thrown = new Throwable[1];
                Thread other = Thread.ofPlatform().name("not-the-owner").start(() -> thrown[0] = call(m, receiver, args));
                other.join();
                if (!(thrown[0] instanceof WrongThreadException)) {
                    wrong.add(m.toGenericString() + ": " + (thrown[0] == null ? "ran on another thread" : thrown[0]));
                }
            }
        }
        assertTrue(checked >= 60, "the walk reached the sockets' and channel's methods: " + checked);
        assertEquals("", String.join("\n", wrong), wrong.size() + " operations not refused off the owner thread");
    }

    private static Throwable call(Executable x, Object receiver, Object[] args) {
        try {
            if (x instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                ((Method) x).invoke(receiver, args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(x + ": " + e, e);
        }
    }
}
