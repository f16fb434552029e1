package io.denywatch.cli.command;

import io.denywatch.common.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code denywatch run}: ingest, analyzer and alerts in one process, against real Kafka and AWS. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run ingest, analyzer and alerts in one process against real Kafka and AWS, with metrics,",
                "health and the query API on http.port. For scaling out, run 'ingest', 'analyze' and 'alerts' apart."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        AllRoles.validate(config);
        return RoleRunner.run(config, "denywatch", (registry, health, http) ->
                AllRoles.start(config, registry, health, http, spec.commandLine().getOut()));
    }
}
