package io.denywatch.ingest.notification;

import static io.denywatch.ingest.notification.Fixtures.body;
import static io.denywatch.ingest.notification.Fixtures.snsWrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.denywatch.ingest.notification.BadNotificationException.Reason;
import io.denywatch.ingest.notification.Notification.ObjectsNamed;

/** Every body that is not a notification is refused with a stable reason, the field named, the body capped. */
class BadNotificationTest {

    private final NotificationParser parser = new NotificationParser();

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"Records\":[", "{\"Records\":[]} trailing", "{'a':1}",
        "{\"Records\":[],\"Records\":[]}", "{\"a\":1,}"})
    void refusesWhatIsNotOneJsonDocumentAsInvalidJson(final String body) {
        assertEquals(Reason.INVALID_JSON, refused(body).reason());
    }

    @Test
    void refusesANullBodyAsInvalidJson() {
        assertEquals(Reason.INVALID_JSON, refused(null).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "\"text\"", "42", "null", "{\"foo\":{\"bar\":1}}",
        "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}",
        "{\"Type\":\"Something\",\"Message\":\"{}\"}"})
    void refusesValidJsonInNoKnownShape(final String body) {
        assertEquals(Reason.UNKNOWN_SHAPE, refused(body).reason());
    }

    @Test
    void refusesRecordsFromAnotherSourceWhole() {
        final String sqsEventSource = body("s3-event-mixed.json").replaceFirst("\"aws:s3\"", "\"aws:sqs\"");
        final BadNotificationException e = refused(sqsEventSource);
        assertEquals(Reason.UNKNOWN_SHAPE, e.reason());
        assertEquals("Records[].eventSource", e.field().orElseThrow());
    }

    @Test
    void refusesACloudTrailLogFileBodyPostedToTheQueue() {
        final String logFile = "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"PutObject\",\"errorCode\":\"AccessDenied\"}]}";
        assertEquals(Reason.UNKNOWN_SHAPE, refused(logFile).reason());
    }

    @Test
    void refusesAnSnsSubscriptionConfirmationAndSaysHowToHandleIt() {
        final BadNotificationException e = refused(body("sns-subscription-confirmation.json"));
        assertEquals(Reason.UNKNOWN_SHAPE, e.reason());
        assertTrue(e.detail().contains("SubscribeURL"), e.detail());
    }

    @Test
    void refusesABodyOverTheConfiguredMaximum() {
        final NotificationParser small = new NotificationParser(1_024);
        final String body = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"" + "k".repeat(1_100) + "\"]}";
        final BadNotificationException e = assertThrows(BadNotificationException.class, () -> small.parse(body));
        assertEquals(Reason.TOO_LARGE, e.reason());
    }

    @Test
    void countsTheMaximumInUtf8BytesAsSqsDoes() {
        final NotificationParser small = new NotificationParser(1_024);
        // 700 chars, but 1,400+ bytes in UTF-8.
        final String body = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"" + "é".repeat(660) + "\"]}";
        assertTrue(body.length() < 1_024);
        assertEquals(Reason.TOO_LARGE, assertThrows(BadNotificationException.class, () -> small.parse(body))
                .reason());
    }

    @Test
    void acceptsABodyOfExactlyTheMaximum() throws Exception {
        final String head = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"";
        final String tail = "\"]}";
        final String body = head + "k".repeat(1_024 - head.length() - tail.length()) + tail;
        assertEquals(1_024, body.length());
        assertInstanceOf(ObjectsNamed.class, new NotificationParser(1_024).parse(body));
    }

    @Test
    void acceptsANearlyOneMebibyteCloudTrailNotificationByDefault() throws Exception {
        final String keys = IntStream.range(0, 7_000)
                .mapToObj(i -> "\"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/111122223333_CloudTrail_"
                        + "us-east-1_20240514T1205Z_" + String.format("%016d", i) + ".json.gz\"")
                .collect(Collectors.joining(","));
        final String body = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[" + keys + "]}";
        assertTrue(body.length() > 900_000 && body.length() < NotificationParser.DEFAULT_MAX_BODY_BYTES);
        assertEquals(7_000, assertInstanceOf(ObjectsNamed.class, parser.parse(body)).objects().size());
    }

    @Test
    void refusesOverlongNumbersAndNamesAsTooLarge() {
        assertEquals(Reason.TOO_LARGE, refused("{\"Records\":[],\"n\":" + "9".repeat(500) + "}").reason());
        assertEquals(Reason.TOO_LARGE, refused("{\"" + "n".repeat(5_000) + "\":1}").reason());
    }

    @Test
    void refusesDeeplyNestedJsonAsTooDeep() {
        final String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        assertEquals(Reason.TOO_DEEP, refused(deep).reason());
        assertEquals(Reason.TOO_DEEP, refused("[".repeat(10_000) + "]".repeat(10_000)).reason());
    }

    @Test
    void refusesSnsEnvelopesNestedBeyondTheLimitAsTooDeep() {
        final String thrice = snsWrapped(snsWrapped(snsWrapped(body("s3-event-object-created.json"))));
        final BadNotificationException e = refused(thrice);
        assertEquals(Reason.TOO_DEEP, e.reason());
    }

    @Test
    void reportsInvalidJsonInsideAnSnsMessageOnTheMessageField() {
        final BadNotificationException e = refused(snsWrapped("this is not json"));
        assertEquals(Reason.INVALID_JSON, e.reason());
        assertEquals(Optional.of("Message"), e.field());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // body | reason | field
        "{\"Records\":{}}                                                    | WRONG_TYPE    | Records",
        "{\"Records\":[1]}                                                   | WRONG_TYPE    | Records[]",
        "{\"Records\":[{}]}                                                  | MISSING_FIELD | Records[].eventSource",
        "{\"Records\":[{\"eventSource\":\"aws:s3\"}]}                         | MISSING_FIELD | Records[].eventName",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":7}]}         | WRONG_TYPE    | Records[].eventName",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\"}]} | MISSING_FIELD | Records[].s3",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"}}}]} | MISSING_FIELD | Records[].s3.object",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":null}}}]} | MISSING_FIELD | Records[].s3.object.key",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":5}}}]} | WRONG_TYPE | Records[].s3.object.key",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"\"},\"object\":{\"key\":\"k\"}}}]} | EMPTY_VALUE | Records[].s3.bucket.name",
        "{\"s3ObjectKey\":[\"k\"]}                                            | MISSING_FIELD | s3Bucket",
        "{\"s3Bucket\":\"b\"}                                                 | MISSING_FIELD | s3ObjectKey",
        "{\"s3Bucket\":\"b\",\"s3ObjectKey\":\"k\"}                            | WRONG_TYPE    | s3ObjectKey",
        "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"k\",7]}                        | WRONG_TYPE    | s3ObjectKey[]",
        "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"\"]}                           | EMPTY_VALUE   | s3ObjectKey[]",
        "{\"s3Bucket\":[],\"s3ObjectKey\":[\"k\"]}                             | WRONG_TYPE    | s3Bucket",
        "{\"source\":\"aws.s3\"}                                              | MISSING_FIELD | detail-type",
        "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\"}            | MISSING_FIELD | detail",
        "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}} | MISSING_FIELD | detail.object.key",
        "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":\"b\",\"object\":{\"key\":\"k\"}}} | WRONG_TYPE | detail.bucket",
        "{\"Type\":\"Notification\"}                                          | MISSING_FIELD | Message",
        "{\"Type\":\"Notification\",\"Message\":{\"Records\":[]}}             | WRONG_TYPE    | Message",
    })
    void refusesMissingOrMistypedFieldsNamingThem(final String body, final Reason reason, final String field) {
        final BadNotificationException e = refused(body);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(Optional.of(field), e.field(), e.getMessage());
    }

    @Test
    void saysWhichRecordIsBad() {
        final String body = body("s3-event-mixed.json").replace(
                "\"ObjectCreated:CompleteMultipartUpload\"", "[\"not a name\"]");
        final BadNotificationException e = refused(body);
        assertEquals(Reason.WRONG_TYPE, e.reason());
        assertTrue(e.detail().startsWith("record 2 of 3"), e.detail());
    }

    @Test
    void capsTheBodyExcerptInEveryDetail() {
        final String huge = "{\"unknown\":\"" + "x".repeat(100_000) + "\"}";
        final BadNotificationException unknown = refused(huge);
        assertTrue(unknown.getMessage().length() < 1_000, "length " + unknown.getMessage().length());
        final BadNotificationException invalid = refused("{\"unknown\":\"" + "x".repeat(100_000) + "\" oops}");
        assertTrue(invalid.getMessage().length() < 1_000, "length " + invalid.getMessage().length());
    }

    @Test
    void keepsControlCharactersOutOfDetailsSoTheyCannotForgeLogLines() {
        final BadNotificationException invalid = refused("{\"evil\":\"line\nINFO forged\r\"}");
        assertEquals(Reason.INVALID_JSON, invalid.reason());
        final BadNotificationException unknown = refused("{\"evil\":\"line\\nINFO forged\"}");
        assertEquals(Reason.UNKNOWN_SHAPE, unknown.reason());
        for (final BadNotificationException e : new BadNotificationException[] {invalid, unknown}) {
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        }
    }

    @Test
    void reasonsHaveStableLowerCaseMetricNames() {
        for (final Reason reason : Reason.values()) {
            assertEquals(reason.name().toLowerCase(Locale.ROOT), reason.metricName());
        }
    }

    @Test
    void refusesANonPositiveMaximum() {
        assertThrows(IllegalArgumentException.class, () -> new NotificationParser(0));
    }

    private BadNotificationException refused(final String body) {
        return assertThrows(BadNotificationException.class, () -> parser.parse(body));
    }
}
