package io.denywatch.cli;

import io.denywatch.cli.command.ConfigTable;
import io.denywatch.cli.command.SettingsCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeConfigTableTest {

    @Test
    void theReadmeListsEverySettingExactlyAsDeclared() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = ConfigTable.markdown(SettingsCatalog.all());
        assertTrue(readme.contains(table), "README.md's configuration table is out of date; it should contain:\n"
                + table);
    }
}
