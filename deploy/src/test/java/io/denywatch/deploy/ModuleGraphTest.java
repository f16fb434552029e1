package io.denywatch.deploy;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's module graph is the build's: every module of the root pom is a node, and every arrow is a dependency
 * one module's pom declares on another outside test scope (test-only dependencies, such as the embedded stack, are
 * left out of the drawing). Redraw the graph when a pom changes; this test prints the edges it expects.
 */
class ModuleGraphTest {

    /** The fenced block that opens with {@code %% modules}: the other Mermaid graphs show the data flow. */
    private static final Pattern BLOCK = Pattern.compile("```mermaid\\n%% modules\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EDGE = Pattern.compile(
            "^\\s*([\\w-]+)(?:\\[[^]]*])?\\s*-->\\s*([\\w-]+)(?:\\[[^]]*])?\\s*$", Pattern.MULTILINE);
    private static final Pattern NODE = Pattern.compile("^\\s*([\\w-]+)(\\[.*])?\\s*$", Pattern.MULTILINE);

    @Test
    void theReadmeDrawsTheModulesAndTheirDependenciesAsThePomsDeclareThem() throws Exception {
        Map<String, String> moduleByArtifact = new HashMap<>();
        Map<String, Element> poms = new HashMap<>();
        for (String module : elements(parse(Repo.path("pom.xml")).getDocumentElement(), "modules", "module")) {
            Element pom = parse(Repo.path(module).resolve("pom.xml")).getDocumentElement();
            poms.put(module, pom);
            moduleByArtifact.put(child(pom, "artifactId"), module);
        }
        Set<String> expected = new TreeSet<>();
        poms.forEach((module, pom) -> {
            Element dependencies = firstChild(pom, "dependencies");
            if (dependencies == null) {
                return;
            }
            for (Element dependency : children(dependencies, "dependency")) {
                String target = moduleByArtifact.get(child(dependency, "artifactId"));
                String scope = child(dependency, "scope");
                if (target != null && !"test".equals(scope)) {
                    expected.add(module + " --> " + target);
                }
            }
        });

        Matcher block = BLOCK.matcher(Repo.read("README.md"));
        assertTrue(block.find(), "README.md has no ```mermaid block opening with '%% modules'");
        String graph = block.group(1);
        Set<String> drawn = new TreeSet<>();
        Matcher edge = EDGE.matcher(graph);
        while (edge.find()) {
            drawn.add(edge.group(1) + " --> " + edge.group(2));
        }
        assertEquals(String.join("\n", expected), String.join("\n", drawn),
                "README.md's module graph differs from the poms; it should draw exactly these arrows");

        Set<String> nodes = new TreeSet<>();
        Matcher node = NODE.matcher(graph);
        while (node.find()) {
            if (!node.group(1).equals("graph") && !node.group(1).equals("flowchart")) {
                nodes.add(node.group(1));
            }
        }
        for (String e : drawn) {
            nodes.addAll(List.of(e.split(" --> ")));
        }
        assertEquals(new TreeSet<>(poms.keySet()), nodes, "README.md's module graph should show every module");
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> elements(Element root, String parent, String name) {
        List<String> out = new ArrayList<>();
        Element holder = firstChild(root, parent);
        if (holder != null) {
            children(holder, name).forEach(e -> out.add(e.getTextContent().trim()));
        }
        return out;
    }

    private static Element firstChild(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String child(Element parent, String name) {
        Element found = firstChild(parent, name);
        return found == null ? null : found.getTextContent().trim();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
