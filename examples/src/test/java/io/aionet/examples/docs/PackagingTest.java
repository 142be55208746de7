package io.aionet.examples.docs;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user adopting aionet relies on: the Apache-2.0 license in {@code LICENSE} and every POM, one
 * artifact (the core) with no runtime dependencies, sources and javadoc jars with a pinned javadoc
 * plugin, and Maven coordinates in the README that match the build.
 */
class PackagingTest {
    static Path root() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("aionet"))) {
            p = p.getParent();
        }
        assertNotNull(p, "the project root (the folder of ./aionet) above " + System.getProperty("user.dir"));
        return p;
    }

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first direct child {@code name} of {@code e}, or null. */
    private static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return null;
    }

    private static List<Element> all(Document d, String tag) {
        NodeList l = d.getElementsByTagName(tag);
        List<Element> r = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) {
            r.add((Element) l.item(i));
        }
        return r;
    }

    @Test
    void licenseFileIsApache2() throws Exception {
        String text = Files.readString(root().resolve("LICENSE"));
        assertTrue(text.strip().startsWith("Apache License\n                           Version 2.0, January 2004"), text.substring(0, 200));
        assertTrue(text.contains("END OF TERMS AND CONDITIONS"), "the whole license text");
    }

    @Test
    void everyPomDeclaresTheLicense() throws Exception {
        Path root = root();
        List<Path> poms = new ArrayList<>(List.of(root.resolve("pom.xml")));
        for (Element m : all(pom(root.resolve("pom.xml")), "module")) {
            poms.add(root.resolve(m.getTextContent().trim()).resolve("pom.xml"));
        }
        assertTrue(poms.size() >= 5, "parent and modules: " + poms);
        for (Path p : poms) {
            List<Element> licenses = all(pom(p), "license");
            assertEquals(1, licenses.size(), p + " declares one license");
            assertEquals("Apache License, Version 2.0", child(licenses.get(0), "name"), p.toString());
            assertEquals("https://www.apache.org/licenses/LICENSE-2.0.txt", child(licenses.get(0), "url"), p.toString());
        }
    }

    @Test
    void theCoreHasNoRuntimeDependencies() throws Exception {
        Document core = pom(root().resolve("core/pom.xml"));
        for (Element dep : all(core, "dependency")) {
            if (dep.getParentNode() instanceof Element parent && parent.getTagName().equals("dependencies")
                    && parent.getParentNode() instanceof Element owner && owner.getTagName().equals("project")) {
                String scope = child(dep, "scope");
                assertTrue("test".equals(scope) || "provided".equals(scope),
                        "core dependency " + child(dep, "groupId") + ":" + child(dep, "artifactId")
                                + " must not reach users (scope " + scope + ")");
            }
        }
    }

    @Test
    void theCoreBuildsSourcesAndJavadocJarsWithPinnedPlugins() throws Exception {
        Path root = root();
        String corePom = Files.readString(root.resolve("core/pom.xml"));
        assertTrue(corePom.contains("<artifactId>maven-source-plugin</artifactId>")
                && corePom.contains("<goal>jar-no-fork</goal>"), "core attaches a sources jar");
        assertTrue(corePom.contains("<artifactId>maven-javadoc-plugin</artifactId>")
                && corePom.contains("<goal>jar</goal>"), "core attaches a javadoc jar");
        Document parent = pom(root.resolve("pom.xml"));
        for (String plugin : List.of("maven-javadoc-plugin", "maven-source-plugin")) {
            String version = null;
            for (Element p : all(parent, "plugin")) {
                if (plugin.equals(child(p, "artifactId"))) {
                    version = child(p, "version");
                }
            }
            assertNotNull(version, plugin + " is pinned in the parent's pluginManagement");
            assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), plugin + " " + version);
        }
    }

    @Test
    void readmeGivesTheCoresCoordinates() throws Exception {
        Path root = root();
        Document parent = pom(root.resolve("pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        String groupId = child(parent.getDocumentElement(), "groupId");
        String artifactId = child(pom(root.resolve("core/pom.xml")).getDocumentElement(), "artifactId");
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = Pattern.compile("```xml\\n(<dependency>.*?</dependency>)\\n```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README has a dependency snippet");
        Element dep = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertEquals(groupId, child(dep, "groupId"));
        assertEquals(artifactId, child(dep, "artifactId"));
        assertEquals(version, child(dep, "version"));
        assertTrue(readme.contains("`" + groupId + ":" + artifactId + ":" + version + "`"), "coordinates in one line");
        assertFalse(readme.contains("Apache") && !readme.contains("LICENSE"), "README points at LICENSE");
    }
}
