package io.denywatch.ingest.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ObjectRefTest {

    @Test
    void printsAsS3AddressWithTheKeyUnencoded() {
        assertEquals("s3://b/team logs/c++/x.json.gz", new ObjectRef("b", "team logs/c++/x.json.gz").toString());
    }

    @Test
    void refusesEmptyOrNullParts() {
        assertThrows(IllegalArgumentException.class, () -> new ObjectRef("", "k"));
        assertThrows(IllegalArgumentException.class, () -> new ObjectRef("b", ""));
        assertThrows(NullPointerException.class, () -> new ObjectRef(null, "k"));
        assertThrows(NullPointerException.class, () -> new ObjectRef("b", null));
    }
}
