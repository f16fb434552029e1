package io.denywatch.analyzer.streams;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a denial may ask for a commit of its own: while its task reads no more than the limit, and not under a load. */
class EarlyCommitTest {

    @Test
    void aQuietTaskCommitsEachDenialEarly() {
        EarlyCommit early = new EarlyCommit(2000);
        early.onRecord(1_000);
        assertTrue(early.keepingUp());
        early.onRecord(5_000);
        assertTrue(early.keepingUp());
    }

    @Test
    void aTaskReadingMoreThanTheLimitWaitsForTheInterval() {
        EarlyCommit early = new EarlyCommit(2000);
        for (int i = 0; i < 2001; i++) {
            early.onRecord(1_000 + i % 900);
        }
        assertFalse(early.keepingUp(), "2,001 records within a second is over 2,000/s");
        early.onRecord(2_100);
        assertFalse(early.keepingUp(), "the second before was busy: still a load, not a lull");
        early.onRecord(3_200);
        assertTrue(early.keepingUp(), "a quiet second after the busy one");
    }

    @Test
    void afterAPauseTheBusyPastNoLongerCounts() {
        EarlyCommit early = new EarlyCommit(2000);
        for (int i = 0; i < 5000; i++) {
            early.onRecord(1_000);
        }
        early.onRecord(60_000);
        assertTrue(early.keepingUp());
    }

    @Test
    void zeroMeansNeverEarly() {
        EarlyCommit early = new EarlyCommit(0);
        early.onRecord(1_000);
        assertFalse(early.keepingUp());
    }
}
