package io.aionet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend seam holds: the module exports no package that reaches the kernel, and no public
 * signature of the seed-concept packages ({@code event}, {@code net}, {@code dma}) names a ring type,
 * a backend type or an unexported type.
 */
class SeamBoundaryTest {
    private static final Path SRC = Path.of(System.getProperty("basedir", "."), "src/main/java");
    private static final List<String> SEED_PACKAGES = List.of("io.aionet.event", "io.aionet.net", "io.aionet.dma");

    @Test
    void moduleExportsNoKernelAccessPackage() throws IOException {
        List<String> exported = exports();
        assertFalse(exported.isEmpty(), "module-info exports packages");
        for (String p : exported) {
            assertFalse(p.equals("io.aionet.linux") || p.startsWith("io.aionet.backend") || p.endsWith(".spi")
                    || p.startsWith("io.aionet.internal"), "module-info exports kernel-access package " + p);
        }
        assertTrue(exported.containsAll(SEED_PACKAGES), "the seed packages are exported: " + exported);
    }

    @Test
    void seedPackagesNameNoRingOrBackendType() throws Exception {
        Set<String> exported = Set.copyOf(exports());
        List<String> found = new ArrayList<>();
        int checked = 0;
        for (String pkg : SEED_PACKAGES) {
            for (Class<?> c : publicTypes(pkg)) {
                for (Member m : members(c)) {
                    for (Type t : signature(m)) {
                        for (Class<?> named : named(t)) {
                            checked++;
                            String why = forbidden(named, exported);
                            if (why != null) {
                                found.add(c.getName() + "." + m.getName() + " names " + named.getName() + " (" + why + ")");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100, "the walk saw the packages' signatures (" + checked + " types)");
        assertEquals(List.of(), found, "public signatures of " + SEED_PACKAGES);
    }

    /** Why a type may not appear in a seed package's public signature, or null when it may. */
    private static String forbidden(Class<?> c, Set<String> exported) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return null;
        }
        String pkg = c.getPackageName();
        if (pkg.equals("io.aionet.uring")) {
            return "a ring type";
        }
        if (pkg.startsWith("io.aionet") && !exported.contains(pkg)) {
            return "not exported";
        }
        if (pkg.startsWith("io.aionet") && !Modifier.isPublic(c.getModifiers())) {
            return "not public";
        }
        return null;
    }

    private static List<String> exports() throws IOException {
        String module = Files.readString(SRC.resolve("module-info.java"));
        Matcher m = Pattern.compile("(?m)^\\s*exports ([a-z.]+);").matcher(module);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<Class<?>> publicTypes(String pkg) throws Exception {
        Path dir = SRC.resolve(pkg.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (name.equals("package-info")) {
                    continue;
                }
                addPublic(Class.forName(pkg + "." + name), out);
            }
        }
        return out;
    }

    private static void addPublic(Class<?> c, List<Class<?>> out) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return;
        }
        out.add(c);
        for (Class<?> inner : c.getDeclaredClasses()) {
            addPublic(inner, out);
        }
    }

    private static List<Member> members(Class<?> c) {
        List<Member> out = new ArrayList<>();
        boolean open = !Modifier.isFinal(c.getModifiers()) || c.isInterface();
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers(), open) && !m.isSynthetic()) {
                out.add(m);
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers(), open)) {
                out.add(k);
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers(), open) && !f.isSynthetic()) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean visible(int mods, boolean open) {
        return Modifier.isPublic(mods) || (open && Modifier.isProtected(mods));
    }

    private static List<Type> signature(Member m) {
        List<Type> out = new ArrayList<>();
        if (m instanceof Method x) {
            out.add(x.getGenericReturnType());
            out.addAll(List.of(x.getGenericParameterTypes()));
            out.addAll(List.of(x.getGenericExceptionTypes()));
        } else if (m instanceof Constructor<?> x) {
            out.addAll(List.of(x.getGenericParameterTypes()));
            out.addAll(List.of(x.getGenericExceptionTypes()));
        } else if (m instanceof Field x) {
            out.add(x.getGenericType());
        }
        return out;
    }

    /** Every class a (generic) type names. */
    private static List<Class<?>> named(Type t) {
        List<Class<?>> out = new ArrayList<>();
        collect(t, out, 0);
        return out;
    }

    private static void collect(Type t, List<Class<?>> out, int depth) {
        if (depth > 8) {
            return;
        }
        switch (t) {
            case Class<?> c -> out.add(c);
            case ParameterizedType p -> {
                collect(p.getRawType(), out, depth + 1);
                for (Type a : p.getActualTypeArguments()) {
                    collect(a, out, depth + 1);
                }
            }
            case GenericArrayType g -> collect(g.getGenericComponentType(), out, depth + 1);
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) {
                    collect(b, out, depth + 1);
                }
                for (Type b : w.getLowerBounds()) {
                    collect(b, out, depth + 1);
                }
            }
            case TypeVariable<?> v -> {
                for (Type b : v.getBounds()) {
                    collect(b, out, depth + 1);
                }
            }
            default -> { }
        }
    }
}
