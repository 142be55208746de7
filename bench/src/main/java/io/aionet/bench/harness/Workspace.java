package io.aionet.bench.harness;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness is: the checkout's root (found from the bench jar's location, then the working
 * directory), and the folders derived from it.
 */
public final class Workspace {
    private Workspace() {}

    /** The checkout root (the folder holding {@code bench/native}), or {@code null} outside a checkout. */
    public static Path root() {
        Path p = fromCodeSource();
        if (p == null) {
            p = findUp(Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static Path fromCodeSource() {
        try {
            var src = Workspace.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            return findUp(Path.of(src.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static Path findUp(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("bench/native")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return null;
    }

    /** Where native peers are built: {@code bench/native/build} in a checkout, else a temporary folder. */
    public static Path nativeBuildDir() {
        Path root = root();
        if (root != null) {
            return root.resolve("bench/native/build");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "aionet-native-" + System.getProperty("user.name", "user"));
    }
}
