package io.denywatch.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables denywatch accepts, read from the README's configuration table (which a cli test keeps
 * equal to the code's settings). A role stops at start on an unknown {@code DENYWATCH_*} variable, so every one the
 * deploy kit sets must be in this list.
 */
final class Settings {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `[a-z0-9.-]+` \\| `(DENYWATCH_[A-Z0-9_]+)` \\|",
            Pattern.MULTILINE);

    private Settings() {
    }

    /** Every accepted {@code DENYWATCH_*} name, with its {@code _FILE} form. */
    static Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        Matcher m = TABLE_ROW.matcher(Repo.read("README.md"));
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.size() < 20) {
            throw new IllegalStateException("the README's configuration table has changed shape: found only " + names);
        }
        Set<String> withFiles = new TreeSet<>(names);
        names.forEach(n -> withFiles.add(n + "_FILE"));
        return withFiles;
    }
}
