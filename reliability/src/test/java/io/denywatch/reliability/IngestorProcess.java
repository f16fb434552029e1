package io.denywatch.reliability;

import io.denywatch.embedded.LocalStack;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code denywatch ingest} as a separate process, so that a test can kill it the hard way. */
final class IngestorProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final Path log;

    private IngestorProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    static IngestorProcess start(LocalStack stack, Map<String, String> settings, Path log) throws IOException {
        Path jar = Path.of("..", "cli", "target", "denywatch.jar");
        assertTrue(Files.exists(jar), "the runnable jar must be built first (./mvnw verify builds it): " + jar);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "ingest"));
        settings.forEach((k, v) -> {
            if (k.startsWith("kafka.") || k.startsWith("aws.") || k.startsWith("ingest.") || k.startsWith("topics.")) {
                command.add("--set");
                command.add(k + "=" + v);
            }
        });
        command.addAll(List.of("--set", "http.host=127.0.0.1", "--set", "http.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        AwsCredentials credentials = stack.credentials().resolveCredentials();
        builder.environment().put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        return new IngestorProcess(builder.start(), port, log);
    }

    /** A counter from its /metrics, or -1 while it does not answer. */
    double counter(String name) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            return 0;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no release of messages, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
