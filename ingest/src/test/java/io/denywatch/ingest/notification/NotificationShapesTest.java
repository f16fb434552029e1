package io.denywatch.ingest.notification;

import static io.denywatch.ingest.notification.Fixtures.body;
import static io.denywatch.ingest.notification.Fixtures.snsWrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.denywatch.ingest.notification.Notification.NothingToDo;
import io.denywatch.ingest.notification.Notification.ObjectsNamed;

/** Every shape domain.md §1 lists, raw and inside an SNS envelope, read into the same result. */
class NotificationShapesTest {

    private static final String BUCKET = "example-trail-bucket";
    private static final String PLAIN_KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz";
    private static final String SPECIAL_PREFIX_KEY = "team logs/c++ & ops=1/été/AWSLogs/111122223333/CloudTrail/"
            + "eu-west-3/2024/05/14/111122223333_CloudTrail_eu-west-3_20240514T2355Z_Zz98Yy76Xx54Ww32.json.gz";

    private final NotificationParser parser = new NotificationParser();

    /** Fixture, shape when sent raw, and the objects or reason it must yield. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("s3-event-object-created.json", "s3_event", List.of(ref(PLAIN_KEY))),
                Arguments.of("s3-event-encoded-key.json", "s3_event", List.of(ref(
                        "team logs/c++ & ops=1/été/100%/AWSLogs/111122223333/CloudTrail/eu-west-3/2024/05/14/"
                                + "111122223333_CloudTrail_eu-west-3_20240514T2355Z_Zz98Yy76Xx54Ww32.json.gz"))),
                Arguments.of("s3-event-mixed.json", "s3_event", List.of(
                        ref("AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
                                + "111122223333_CloudTrail_us-east-1_20240514T1210Z_Pq01Rs23Tu45Vw67.json.gz"),
                        ref("AWSLogs/111122223333/CloudTrail/us-west-2/2024/05/14/"
                                + "111122223333_CloudTrail_us-west-2_20240514T1210Z_Mn89Op01Qr23St45.json.gz"))),
                Arguments.of("s3-event-object-removed.json", "s3_event", NothingToDo.Reason.NOT_OBJECT_CREATED),
                Arguments.of("s3-test-event.json", "s3_test_event", NothingToDo.Reason.S3_TEST_EVENT),
                Arguments.of("cloudtrail-sns-notification.json", "cloudtrail_sns", List.of(
                        ref("team logs/c++/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/us-east-1/2024/05/14/"
                                + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz"),
                        ref("team logs/c++/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2024/05/14/"
                                + "444455556666_CloudTrail_us-east-1_20240514T1205Z_Jk90Lm12No34Pq56.json.gz"),
                        ref("team logs/c++/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/eu-central-1/2024/05/14/"
                                + "444455556666_CloudTrail_eu-central-1_20240514T1205Z_Rs78Tu90Vw12Xy34.json.gz"))),
                Arguments.of("eventbridge-object-created.json", "eventbridge", List.of(ref(PLAIN_KEY))),
                Arguments.of("eventbridge-object-created-verbatim-key.json", "eventbridge",
                        List.of(ref(SPECIAL_PREFIX_KEY))),
                Arguments.of("eventbridge-object-created-encoded-key.json", "eventbridge",
                        List.of(ref(SPECIAL_PREFIX_KEY))),
                Arguments.of("eventbridge-object-deleted.json", "eventbridge", NothingToDo.Reason.NOT_OBJECT_CREATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsEveryShapeSentStraightToSqs(final String fixture, final String shape, final Object expected)
            throws Exception {
        assertMeans(expected, shape, parser.parse(body(fixture)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsEveryShapeInsideAnSnsEnvelopeTheSameWayWithSnsShape(final String fixture, final String shape,
            final Object expected) throws Exception {
        assertMeans(expected, "sns_" + shape, parser.parse(snsWrapped(body(fixture))));
    }

    @Test
    void readsTheRealisticSnsEnvelopeAroundAnS3Event() throws Exception {
        assertMeans(List.of(ref(PLAIN_KEY)), "sns_s3_event", parser.parse(body("sns-envelope-s3-event.json")));
    }

    @Test
    void readsEveryKeyOfCloudTrailsNotificationInsideItsSnsEnvelopeWithoutDecodingThem() throws Exception {
        final ObjectsNamed named = assertInstanceOf(ObjectsNamed.class,
                parser.parse(body("sns-envelope-cloudtrail.json")));
        assertEquals("sns_cloudtrail_sns", named.shape());
        assertEquals(3, named.objects().size());
        named.objects().forEach(o -> assertEquals(BUCKET, o.bucket()));
        // "+" in a CloudTrail notification key is a plus: these keys are not URL-encoded.
        named.objects().forEach(o -> assertEquals("team logs/c++/AWSLogs", o.key().substring(0, 21)));
    }

    @Test
    void namesEachObjectOnceWhenTheMessageRepeatsIt() throws Exception {
        final String body = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"k1\",\"k2\",\"k1\"]}";
        final ObjectsNamed named = assertInstanceOf(ObjectsNamed.class, parser.parse(body));
        assertEquals(List.of(new ObjectRef("b", "k1"), new ObjectRef("b", "k2")), named.objects());
    }

    @Test
    void emptyRecordsOrKeyListsAreNothingToDo() throws Exception {
        assertMeans(NothingToDo.Reason.NO_OBJECTS, "s3_event", parser.parse("{\"Records\":[]}"));
        assertMeans(NothingToDo.Reason.NO_OBJECTS, "cloudtrail_sns",
                parser.parse("{\"s3Bucket\":\"b\",\"s3ObjectKey\":[]}"));
    }

    @Test
    void everyObjectCreatedVariantCounts() throws Exception {
        for (final String name : List.of("Put", "Post", "Copy", "CompleteMultipartUpload")) {
            final String body = body("s3-event-object-created.json").replace("ObjectCreated:Put",
                    "ObjectCreated:" + name);
            assertMeans(List.of(ref(PLAIN_KEY)), "s3_event", parser.parse(body));
        }
    }

    @Test
    void otherS3EventsAreNotObjectCreated() throws Exception {
        for (final String name : List.of("ObjectRemoved:Delete", "ObjectRestore:Completed",
                "LifecycleExpiration:Delete", "ObjectTagging:Put", "Replication:OperationFailedReplication")) {
            final String body = body("s3-event-object-created.json").replace("ObjectCreated:Put", name);
            assertMeans(NothingToDo.Reason.NOT_OBJECT_CREATED, "s3_event", parser.parse(body));
        }
    }

    @Test
    void otherS3EventBridgeEventsAreNotObjectCreated() throws Exception {
        for (final String type : List.of("Object Deleted", "Object Restore Completed", "Object Tags Added")) {
            final String body = body("eventbridge-object-created.json").replace("\"Object Created\"",
                    "\"" + type + "\"");
            assertMeans(NothingToDo.Reason.NOT_OBJECT_CREATED, "eventbridge", parser.parse(body));
        }
    }

    @Test
    void snsWrappedTwiceIsStillReadAndMarkedSnsOnce() throws Exception {
        assertMeans(List.of(ref(PLAIN_KEY)), "sns_s3_event",
                parser.parse(snsWrapped(snsWrapped(body("s3-event-object-created.json")))));
    }

    private static ObjectRef ref(final String key) {
        return new ObjectRef(BUCKET, key);
    }

    private static void assertMeans(final Object expected, final String shape, final Notification actual) {
        assertEquals(shape, actual.shape());
        if (expected instanceof NothingToDo.Reason) {
            assertEquals(expected, assertInstanceOf(NothingToDo.class, actual).reason());
        } else {
            assertEquals(expected, assertInstanceOf(ObjectsNamed.class, actual).objects());
        }
    }
}
