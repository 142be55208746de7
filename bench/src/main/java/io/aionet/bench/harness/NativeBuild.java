package io.aionet.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C peers (the references, written against liburing or the kernel's own headers) with
 * {@code gcc}: the source is
 * taken from {@code bench/native/} in a checkout, or from the copy packed into the bench jar, with the
 * headers of that folder it includes ({@code #include "x.h"}), and compiled into the build folder only
 * when it or one of them changed. When {@code gcc} or a library's headers are
 * missing it says so, and what to install.
 */
public final class NativeBuild {
    private NativeBuild() {}

    /**
     * The outcome: the program, or why there is none.
     *
     * @param program the executable, or {@code null}
     * @param problem why it could not be built, or {@code null}
     */
    public record Result(Path program, String problem) {
        /** True when the program was built (or was up to date). */
        public boolean ok() {
            return program != null;
        }
    }

    /**
     * Compiles {@code source} (a file name in {@code bench/native}) into {@code buildDir}.
     *
     * @param libs linker flags, e.g. {@code -luring}
     */
    public static Result compile(String source, Path buildDir, String... libs) {
        if (!source.endsWith(".c") || source.contains("/")) {
            throw new IllegalArgumentException("a C file name in bench/native: " + source);
        }
        byte[] code;
        try {
            code = sourceBytes(source);
        } catch (IOException e) {
            return new Result(null, "cannot read " + source + ": " + e.getMessage());
        }
        if (code == null) {
            return new Result(null, source + " is neither in bench/native nor in the bench jar");
        }
        String name = source.substring(0, source.length() - 2);
        Path exe = buildDir.resolve(name);
        Path copy = buildDir.resolve(source);
        java.util.Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher inc = INCLUDE.matcher(new String(code, StandardCharsets.UTF_8));
        while (inc.find()) {
            byte[] h;
            try {
                h = sourceBytes(inc.group(1));
            } catch (IOException e) {
                return new Result(null, "cannot read " + inc.group(1) + ": " + e.getMessage());
            }
            if (h == null) {
                return new Result(null, source + " includes " + inc.group(1) + ", which is neither in bench/native nor in the bench jar");
            }
            headers.put(inc.group(1), h);
        }
        try {
            Files.createDirectories(buildDir);
            boolean current = Files.isExecutable(exe) && same(copy, code);
            for (java.util.Map.Entry<String, byte[]> h : headers.entrySet()) {
                current &= same(buildDir.resolve(h.getKey()), h.getValue());
            }
            if (current) {
                return new Result(exe, null);
            }
            for (java.util.Map.Entry<String, byte[]> h : headers.entrySet()) {
                Files.write(buildDir.resolve(h.getKey()), h.getValue());
            }
            Files.write(copy, code);
        } catch (IOException e) {
            return new Result(null, "cannot write to " + buildDir + ": " + e.getMessage());
        }
        if (run(List.of("gcc", "--version")) == null) {
            return new Result(null, "gcc is not installed (apt-get install gcc)");
        }
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", exe.toString(), copy.toString()));
        cmd.addAll(List.of(libs));
        String[] out = new String[1];
        Integer status = run(cmd, out);
        if (status == null || status != 0) {
            String msg = out[0] == null ? "" : out[0].strip();
            if (msg.contains("liburing.h") || msg.contains("-luring")) {
                return new Result(null, "liburing is missing (apt-get install liburing-dev)");
            }
            if (msg.contains("linux/")) {
                return new Result(null, "the kernel's headers are missing (apt-get install linux-libc-dev)");
            }
            return new Result(null, "gcc failed on " + source + ": " + msg);
        }
        return new Result(exe, null);
    }

    /** A header of bench/native a source includes: a plain file name in quotes. */
    private static final java.util.regex.Pattern INCLUDE =
            java.util.regex.Pattern.compile("(?m)^\\s*#\\s*include\\s+\"([A-Za-z0-9_.-]+\\.h)\"");

    private static boolean same(Path file, byte[] bytes) throws IOException {
        return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes);
    }

    private static byte[] sourceBytes(String source) throws IOException {
        Path root = Workspace.root();
        if (root != null) {
            Path p = root.resolve("bench/native").resolve(source);
            if (Files.isRegularFile(p)) {
                return Files.readAllBytes(p);
            }
        }
        try (InputStream in = NativeBuild.class.getResourceAsStream("/io/aionet/bench/native/" + source)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static Integer run(List<String> cmd) {
        return run(cmd, new String[1]);
    }

    /** Runs {@code cmd}, keeps its merged output in {@code out[0]}; null when it could not start. */
    static Integer run(List<String> cmd, String[] out) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            out[0] = new String(bytes, StandardCharsets.UTF_8);
            return p.exitValue();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
