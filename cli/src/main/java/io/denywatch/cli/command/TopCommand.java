package io.denywatch.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.http.ApiToken;
import io.denywatch.common.text.TerminalText;
import io.denywatch.common.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code denywatch top}: who is getting denied, asked of a running analyzer's query API. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Print the most denied principals or actions over a recent range, from a running analyzer.")
public final class TopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "The analyzer's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--dimension", defaultValue = "principal",
            description = "principal or action (default: ${DEFAULT-VALUE}).")
    String dimension;

    @Option(names = "--range", defaultValue = "1h",
            description = "How far back to count, such as 15m, 2h or 24h (default: ${DEFAULT-VALUE}).")
    String range;

    @Option(names = "--limit", defaultValue = "10", description = "How many to list (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--at", description = "End the range at this ISO-8601 instant instead of now.")
    String at;

    @Option(names = "--json", description = "Print the API's JSON answer as it is, for scripts.")
    boolean json;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the query API's bearer token (default: the setting http.api-token-file, as"
                    + " the analyzer reads it; none when unset).")
    Path tokenFile;

    /** Where http.api-token-file may come from when --token-file is not given. */
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String query = "/api/top?dimension=" + encode(dimension) + "&range=" + encode(range) + "&limit=" + limit
                + (at == null ? "" : "&at=" + encode(at));
        URI uri;
        try {
            uri = URI.create(url.replaceAll("/+$", "") + query);
        } catch (IllegalArgumentException e) {
            err.println("Not a URL: " + url);
            return 2;
        }
        Optional<ApiToken> token;
        try {
            token = tokenFile != null ? Optional.of(ApiToken.read(tokenFile)) : ApiToken.from(options.load());
        } catch (IllegalArgumentException e) {
            err.println("Token file " + tokenFile + " " + e.getMessage());
            return 2;
        }
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").GET();
            token.ifPresent(t -> request.header("Authorization", t.authorization()));
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("Cannot reach " + uri + ": " + e.getMessage());
            return 1;
        }
        if (response.statusCode() == 401) {
            err.println(token.isPresent()
                    ? "HTTP 401: the analyzer refused the token; it must be the one in the analyzer's "
                    + ApiToken.FILE.key()
                    : "HTTP 401: the analyzer requires a bearer token: give --token-file FILE or set "
                    + ApiToken.FILE.key());
            return 1;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            err.println("Not a JSON answer from " + uri + " (HTTP " + response.statusCode() + ")");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println("HTTP " + response.statusCode() + ": "
                    + TerminalText.neutralize(body.path("reason").asText(body.path("error").asText())));
            return 1;
        }
        out.print(json ? response.body() : TopTable.render(body));
        out.flush();
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
