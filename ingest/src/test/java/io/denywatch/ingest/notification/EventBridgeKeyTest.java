package io.denywatch.ingest.notification;

import static io.denywatch.ingest.notification.Fixtures.eventBridgeWithKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.denywatch.ingest.notification.Notification.ObjectsNamed;

/**
 * AWS does not document whether EventBridge keys are URL-encoded: verbatim keys and encoded keys must both reach
 * the right object (rule on {@link EventBridgeReader#objectKey(String)}).
 */
class EventBridgeKeyTest {

    private final NotificationParser parser = new NotificationParser();

    @ParameterizedTest
    @ValueSource(strings = {
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/x.json.gz",
        "team logs/AWSLogs/x.json.gz",
        "été/AWSLogs/x.json.gz",
        "c++/AWSLogs/x.json.gz",
        "k=v&w=x/AWSLogs/x.json.gz",
        "100%/AWSLogs/x.json.gz",
        "50% off%20sale/x.json.gz",
        "sp ace%20and-escape/x.json.gz",
        "caf%C3/x.json.gz",
    })
    void takesAVerbatimKeyAsItIs(final String key) throws Exception {
        assertEquals(key, keyOf(eventBridgeWithKey(key)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "team+logs%2Fops/AWSLogs/x.json.gz        | team logs/ops/AWSLogs/x.json.gz",
        "caf%C3%A9/AWSLogs/x.json.gz              | café/AWSLogs/x.json.gz",
        "k%3Dv%26w%3Dx/AWSLogs/x.json.gz          | k=v&w=x/AWSLogs/x.json.gz",
        "c%2B%2B/AWSLogs/x.json.gz                | c++/AWSLogs/x.json.gz",
        "100%25/AWSLogs/x.json.gz                 | 100%/AWSLogs/x.json.gz",
    })
    void decodesAKeyThatCanOnlyBeEncoderOutput(final String encoded, final String key) throws Exception {
        assertEquals(key, keyOf(eventBridgeWithKey(encoded)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b/AWSLogs/x.json.gz", "c++/x.json.gz"})
    void takesAPlusWithoutEscapesAsAPlusTheDocumentedForm(final String key) throws Exception {
        assertEquals(key, keyOf(eventBridgeWithKey(key)));
    }

    private String keyOf(final String body) throws BadNotificationException {
        final ObjectsNamed named = assertInstanceOf(ObjectsNamed.class, parser.parse(body));
        assertEquals(1, named.objects().size());
        return named.objects().get(0).key();
    }
}
