package io.denywatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, found from this module's directory whatever the directory Maven was started in. */
final class Repo {

    private Repo() {
    }

    /** The repository's top level: the parent of the deploy module. */
    static Path root() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        Path root = module.getFileName() != null && module.getFileName().toString().equals("deploy")
                ? module.getParent() : module;
        if (!Files.isRegularFile(root.resolve("deploy/pom.xml"))) {
            throw new IllegalStateException("cannot find the repository root from " + module);
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
