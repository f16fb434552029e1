package io.denywatch.analyzer.window;

import io.denywatch.contract.incident.ValueCount;

import io.denywatch.common.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopCountsTest {

    @Test
    void countsExactlyWhileThereIsRoom() {
        TopCounts counts = new TopCounts(3);
        for (String v : List.of("a", "b", "a", "c", "a", "b")) {
            counts.add(v);
        }
        assertEquals(List.of(new ValueCount("a", 3), new ValueCount("b", 2), new ValueCount("c", 1)),
                counts.top(5));
    }

    @Test
    void keepsTheHeavyHittersWhenValuesOutnumberTheRoom() {
        TopCounts counts = new TopCounts(5);
        for (int i = 0; i < 1000; i++) {
            counts.add("hot");
            counts.add("rare-" + i);
            if (i % 2 == 0) {
                counts.add("warm");
            }
        }
        List<ValueCount> top = counts.top(2);
        assertEquals("hot", top.get(0).value());
        assertEquals(1000, top.get(0).count());
        assertEquals("warm", top.get(1).value());
    }

    @Test
    void survivesTheStateStoreRoundTrip() throws Exception {
        WindowAggregate w = new WindowAggregate();
        w.add(new Occurrence("e1", "r1", 1000, "arn:role", "arn:session", "111122223333", "kms:Decrypt",
                "arn:key", "arn:key", "AccessDenied", "msg", new Occurrence.Why("IMPLICIT", "RESOURCE_BASED",
                "KMS_KEY_POLICY", null, "Check the key policy.", List.of("aws kms get-key-policy"))));
        byte[] json = Json.mapper().writeValueAsBytes(w);
        WindowAggregate back = Json.mapper().readValue(json, WindowAggregate.class);
        assertEquals(1, back.count());
        assertEquals("kms:Decrypt", back.actions().first());
        assertEquals("KMS_KEY_POLICY", back.dominantReason().fixLocation());
        assertEquals(List.of("e1"), back.sampleEventIds());
        back.add(new Occurrence("e2", "r2", 2000, "arn:role", "arn:session", "111122223333", "kms:Decrypt",
                "arn:key", "arn:key", "AccessDenied", "msg", null));
        assertEquals(2, back.count());
        assertEquals(2000, back.lastSeen());
    }

    @Test
    void aWindowMergedFromItsSlicesIsTheWindowCountedWhole() {
        WindowAggregate whole = new WindowAggregate();
        List<WindowAggregate> slices = List.of(new WindowAggregate(), new WindowAggregate(), new WindowAggregate());
        String[] actions = {"kms:Decrypt", "s3:GetObject", "s3:PutObject"};
        for (int i = 0; i < 30; i++) {
            Occurrence o = new Occurrence("e" + i, "r" + i, 1000L * i, "arn:role", "arn:session-" + i,
                    "111122223333", actions[i % 3 == 0 ? 0 : i % 2 + 1], "arn:key", "arn:key/" + (i % 25),
                    "AccessDenied", "msg", new Occurrence.Why("IMPLICIT", i % 4 == 0 ? "RESOURCE_BASED"
                    : "IDENTITY_BASED", "KMS_KEY_POLICY", null, "advice " + (i % 4 == 0), List.of()));
            whole.add(o);
            slices.get(i / 10).add(o);
        }
        WindowAggregate merged = WindowAggregate.merge(slices);
        assertEquals(whole.count(), merged.count());
        assertEquals(whole.firstSeen(), merged.firstSeen());
        assertEquals(whole.lastSeen(), merged.lastSeen());
        assertEquals(whole.principalArn(), merged.principalArn());
        assertEquals(whole.actions().top(5), merged.actions().top(5));
        assertEquals(whole.policyTypes().top(5), merged.policyTypes().top(5));
        assertEquals(whole.resources().top(3).get(0).count(), merged.resources().top(3).get(0).count());
        assertEquals(whole.dominantReason(), merged.dominantReason());
        assertEquals(whole.sampleEventIds(), merged.sampleEventIds());
        assertEquals(whole.sampleRequestIds(), merged.sampleRequestIds());
    }
}
