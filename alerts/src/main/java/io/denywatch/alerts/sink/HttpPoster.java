package io.denywatch.alerts.sink;

import io.denywatch.alerts.text.PlainText;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs JSON to a receiver and sorts the answer into an {@link Outcome}. Redirects are not followed (a receiver that
 * moved is a configuration error, and following would send the body somewhere unconfigured); answers are read only up
 * to {@value #MAX_RESPONSE_BYTES} bytes.
 *
 * <p>Nothing this class reports carries the request's address: webhook URLs hold credentials.
 */
public final class HttpPoster {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final int DETAIL_MAX = 200;

    private final Duration timeout;
    private final Clock clock;
    /** Built on first use: a run that never posts (a scan with no sink set) does not start the TLS stack. */
    private volatile HttpClient client;

    public HttpPoster(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                built = client;
            }
        }
        return built;
    }

    /** A receiver's answer, its body cut to {@value #MAX_RESPONSE_BYTES} bytes. */
    public record Response(int status, String retryAfter, byte[] body) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends one request.
     *
     * @throws IOException when no answer came (see {@link #failure(IOException)})
     */
    public Response post(URI uri, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "denywatch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] answer;
        try (InputStream in = response.body()) {
            answer = in.readNBytes(MAX_RESPONSE_BYTES);
        }
        return new Response(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), answer);
    }

    /**
     * The outcome of a plain HTTP answer: 2xx accepted; 429 (with its Retry-After), 408 and 5xx worth retrying; any
     * other status refused for good.
     */
    public Outcome classify(Response response) {
        int status = response.status();
        if (response.isSuccess()) {
            return Outcome.Accepted.plain();
        }
        String detail = "HTTP " + status + excerpt(response);
        if (status == 429) {
            return new Outcome.Retry(FailureReason.RATE_LIMITED, RetryAfter.parse(response.retryAfter(), clock),
                    detail);
        }
        if (status == 408 || status >= 500) {
            return new Outcome.Retry(FailureReason.SERVER_ERROR, RetryAfter.parse(response.retryAfter(), clock),
                    detail);
        }
        return new Outcome.Rejected(FailureReason.REJECTED, detail);
    }

    /** The wait the answer's {@code Retry-After} asks for, or {@code null}. */
    public Duration retryAfter(Response response) {
        return RetryAfter.parse(response.retryAfter(), clock);
    }

    /** The outcome when no answer came: always worth retrying. */
    public static Outcome failure(IOException e) {
        FailureReason reason = e instanceof HttpTimeoutException ? FailureReason.TIMEOUT : FailureReason.CONNECTION;
        // The exception's message can name the host; its type says enough.
        return new Outcome.Retry(reason, null, e.getClass().getSimpleName());
    }

    private static String excerpt(Response response) {
        String text = PlainText.clean(response.bodyText(), DETAIL_MAX).strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
