package io.denywatch.embedded;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} process on a free loopback port: a real EventBridge (rules, patterns, SQS targets), SQS, S3
 * and more, for the tests of the fast path. A missing moto fails the test with the way to install it; the fast path's
 * routing is never left untested quietly.
 */
public final class MotoServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    /** moto's default account. */
    public static final String ACCOUNT = "123456789012";
    private static final String INSTALL = "pip install 'moto[server]==5.2.*'";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts moto_server and waits until it answers. */
    public static MotoServer start() {
        return start(java.util.Map.of());
    }

    /**
     * Starts moto_server with these environment variables set, e.g. {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true} for
     * IAM to hold the AWS managed policies, which moto leaves out by default.
     */
    public static MotoServer start(java.util.Map<String, String> environment) {
        Path binary = find();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-server", ".log");
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            MotoServer moto = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            try {
                moto.awaitAnswer(Duration.ofSeconds(60));
            } catch (RuntimeException | Error | IOException e) {
                moto.close();
                throw e;
            }
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
    }

    /** Polls until the server answers, failing at once if the process exits. */
    private void awaitAnswer(Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + patience);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting moto_server", e);
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Credentials moto accepts. */
    public static StaticCredentialsProvider credentials() {
        // moto accepts any key; these are not secrets.
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, "moto_server");
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "moto_server");
        if (Files.isExecutable(pyenv)) {
            return pyenv;
        }
        throw new AssertionError("moto_server is not installed (not on the PATH, nor in ~/.pyenv/shims): the "
                + "EventBridge fast path cannot be tested without it. Install it with: " + INSTALL);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // The pyenv shim may start moto as a child: stop the whole tree, children first.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A temporary log left behind is harmless.
        }
    }
}
