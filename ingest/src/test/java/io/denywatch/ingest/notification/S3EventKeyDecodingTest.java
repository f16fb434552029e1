package io.denywatch.ingest.notification;

import static io.denywatch.ingest.notification.Fixtures.s3EventWithKey;
import static io.denywatch.ingest.notification.Fixtures.snsWrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.denywatch.ingest.notification.BadNotificationException.Reason;
import io.denywatch.ingest.notification.Notification.ObjectsNamed;

/** Keys in S3 event notifications are form-URL-encoded: decoded exactly once, malformed ones refused clearly. */
class S3EventKeyDecodingTest {

    private final NotificationParser parser = new NotificationParser();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "my+logs/AWSLogs/x.json.gz                   | my logs/AWSLogs/x.json.gz",
        "c%2B%2B/AWSLogs/x.json.gz                   | c++/AWSLogs/x.json.gz",
        "a%20b/x.json.gz                             | a b/x.json.gz",
        "100%25/x.json.gz                            | 100%/x.json.gz",
        "100%2520/x.json.gz                          | 100%20/x.json.gz",
        "caf%C3%A9/x.json.gz                         | café/x.json.gz",
        "dt%3D2024-05-14%26team%3Dops/x.json.gz      | dt=2024-05-14&team=ops/x.json.gz",
        "a+%2B+b/x.json.gz                           | a + b/x.json.gz",
    })
    void decodesTheKeyExactlyOnce(final String encoded, final String key) throws Exception {
        assertEquals(List.of(new ObjectRef("example-trail-bucket", key)), objects(s3EventWithKey(encoded)));
    }

    @Test
    void leavesLiteralEqualsAndAmpersandAlone() throws Exception {
        // Form decoding of a whole query string would split on these; a key is one value, so they stay.
        assertEquals("k=v&w=x/y.json.gz", objects(s3EventWithKey("k=v&w=x/y.json.gz")).get(0).key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"100%/x.json.gz", "bad%zzkey", "trailing%2", "half%C3/x", "notutf8%FF/x"})
    void refusesAMalformedEscapeWithAClearReasonNamingTheField(final String encoded) {
        final BadNotificationException e = assertThrows(BadNotificationException.class,
                () -> parser.parse(s3EventWithKey(encoded)));
        assertEquals(Reason.BAD_KEY_ENCODING, e.reason());
        assertEquals("Records[].s3.object.key", e.field().orElseThrow());
        assertTrue(e.detail().contains(encoded), e.detail());
        assertInstanceOf(FormUrlDecoder.MalformedEncodingException.class, e.getCause());
    }

    @Test
    void namesTheFieldInsideTheSnsMessageWhenWrapped() {
        final BadNotificationException e = assertThrows(BadNotificationException.class,
                () -> parser.parse(snsWrapped(s3EventWithKey("100%/x"))));
        assertEquals(Reason.BAD_KEY_ENCODING, e.reason());
        assertEquals("Message.Records[].s3.object.key", e.field().orElseThrow());
    }

    @Test
    void refusesAKeyThatDecodesToNothing() {
        final BadNotificationException e = assertThrows(BadNotificationException.class,
                () -> parser.parse(s3EventWithKey("")));
        assertEquals(Reason.EMPTY_VALUE, e.reason());
    }

    @Test
    void capsALongMalformedKeyInTheDetail() {
        final String longKey = "%zz" + "a".repeat(5_000);
        final BadNotificationException e = assertThrows(BadNotificationException.class,
                () -> parser.parse(s3EventWithKey(longKey)));
        assertTrue(e.getMessage().length() < 600, "message length " + e.getMessage().length());
        assertFalse(e.getMessage().contains("a".repeat(300)));
    }

    private List<ObjectRef> objects(final String body) throws BadNotificationException {
        return assertInstanceOf(ObjectsNamed.class, parser.parse(body)).objects();
    }
}
