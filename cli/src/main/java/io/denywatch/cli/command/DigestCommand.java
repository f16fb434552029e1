package io.denywatch.cli.command;

import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.digest.DenialsRead;
import io.denywatch.alerts.digest.DigestBuilder;
import io.denywatch.alerts.digest.DigestPeriod;
import io.denywatch.alerts.digest.DigestSchedule;
import io.denywatch.alerts.digest.TopicDigestSource;
import io.denywatch.alerts.render.DigestConsoleText;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import io.denywatch.common.config.Sizes;
import io.denywatch.common.json.Json;
import io.denywatch.contract.digest.Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code denywatch digest}: the digest the alerts role sends, on demand, read from a running deployment's denial and
 * spike topics with the deployment's settings. Without {@code --at} it is the last scheduled period's — the one
 * Monday's message showed.
 */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Print the denial digest (most denied principals and actions, missing permissions against"
                + " guardrails, new denials, incidents) of a period, from a running deployment's topics.")
public final class DigestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--period", description = "The period's length, such as 7d, 24h (default: the setting"
            + " alerts.digest.period, 7d unless set).")
    String period;

    @Option(names = "--at", description = "End the period at this ISO-8601 instant (or 'now'); default: the last"
            + " scheduled end (alerts.digest.anchor plus whole periods, Mondays 09:00 UTC unless set).")
    String at;

    @Option(names = "--json", description = "Print the digest's JSON (schema digest.v1), as the webhook gets it, as one object on the"
            + " last line.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Config config;
        try {
            config = options.load();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        Duration length = period == null ? config.get(AlertSettings.DIGEST_PERIOD) : parseLength();
        Instant end;
        if (at == null) {
            end = new DigestSchedule(AlertSettings.digestSchedule(config).anchor(), length)
                    .lastCompleted(Instant.now()).end();
        } else {
            end = "now".equals(at) ? Instant.now() : TimeArguments.parse(spec.commandLine(), "--at", at);
        }
        DigestPeriod span = DigestPeriod.endingAt(end, length);
        DenialsRead read = new TopicDigestSource(config, config.get(AlertSettings.DIGEST_MAX_KEYS)).read(span);
        Digest digest = new DigestBuilder(config.get(AlertSettings.DIGEST_TOP)).build(span, read.current(),
                read.previous(), read.previousComplete(), read.incidents());
        out.print(json ? Json.mapper().writeValueAsString(digest) + "\n" : DigestConsoleText.render(digest));
        out.flush();
        return 0;
    }

    private Duration parseLength() {
        try {
            Duration length = Sizes.parseDuration(period);
            if (length.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("at least 1h");
            }
            return length;
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--period: expected a length of at least 1h such as"
                    + " 7d or 24h, got " + period);
        }
    }
}
