package io.denywatch.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}, from the jar's manifest. */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Denywatch.class.getPackage().getImplementationVersion();
        return new String[]{"denywatch " + (v == null ? "(development build)" : v)};
    }
}
