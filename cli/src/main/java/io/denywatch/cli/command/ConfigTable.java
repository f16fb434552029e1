package io.denywatch.cli.command;

import io.denywatch.common.config.Setting;

import java.util.List;

/** Renders the settings as the Markdown table the README carries, so the two cannot drift apart. */
public final class ConfigTable {

    private ConfigTable() {
    }

    public static String markdown(List<Setting<?>> settings) {
        StringBuilder sb = new StringBuilder();
        sb.append("| setting | environment variable | default | description |\n");
        sb.append("|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            String def = s.isRequired() ? "*required*" : s.defaultText().isEmpty() ? "" : "`" + s.defaultText() + "`";
            sb.append("| `").append(s.key()).append("` | `").append(s.envName()).append("` | ").append(def)
                    .append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
