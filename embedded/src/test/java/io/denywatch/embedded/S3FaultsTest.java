package io.denywatch.embedded;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FaultsTest {

    private final S3Faults faults = new S3Faults();

    @Test
    void failsExactlyTheRequestedNumberOfRequestsThenServes() {
        faults.failNextGetObjects(2, S3Faults.Failure.INTERNAL_ERROR);

        S3Exception first = assertThrows(S3Exception.class, () -> faults.beforeGetObject("k"));
        assertThrows(S3Exception.class, () -> faults.beforeGetObject("k"));
        assertDoesNotThrow(() -> faults.beforeGetObject("k"));

        assertEquals(500, first.statusCode());
        assertEquals("InternalError", first.awsErrorDetails().errorCode());
        assertEquals(2, faults.getObjectFailuresServed());
    }

    @Test
    void slowDownIsA503WithS3sThrottlingCode() {
        faults.failNextGetObjects(1, S3Faults.Failure.SLOW_DOWN);

        S3Exception refused = assertThrows(S3Exception.class, () -> faults.beforeGetObject("k"));

        assertEquals(503, refused.statusCode());
        assertEquals("SlowDown", refused.awsErrorDetails().errorCode());
    }

    @Test
    void resetRemovesPendingFailuresAndZeroesTheCount() {
        faults.failNextGetObjects(1, S3Faults.Failure.SERVICE_UNAVAILABLE);
        assertThrows(S3Exception.class, () -> faults.beforeGetObject("k"));
        faults.failNextGetObjects(5, S3Faults.Failure.SERVICE_UNAVAILABLE);

        faults.reset();

        assertDoesNotThrow(() -> faults.beforeGetObject("k"));
        assertEquals(0, faults.getObjectFailuresServed());
    }

    @Test
    void aKeyedFailureHitsOnlyThatKeyAndOnlyAsOftenAsAsked() {
        S3Faults faults = new S3Faults();
        faults.failGetObjectsOfKey("bad", 2, S3Faults.Failure.INTERNAL_ERROR);
        assertDoesNotThrow(() -> faults.beforeGetObject("good"));
        S3Exception e = assertThrows(S3Exception.class, () -> faults.beforeGetObject("bad"));
        assertEquals(500, e.statusCode());
        assertDoesNotThrow(() -> faults.beforeGetObject("good"));
        assertThrows(S3Exception.class, () -> faults.beforeGetObject("bad"));
        assertDoesNotThrow(() -> faults.beforeGetObject("bad"));
        assertEquals(2, faults.getObjectFailuresServed());
    }
}
