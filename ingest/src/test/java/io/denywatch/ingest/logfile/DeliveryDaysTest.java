package io.denywatch.ingest.logfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeliveryDaysTest {

    @Test
    void aRangeWithinOneDayListsThatDayAndOneEachSide() {
        assertEquals(List.of("2023/07/09/", "2023/07/10/", "2023/07/11/"),
                folders("2023-07-10T11:42:00Z", "2023-07-10T12:37:00Z"));
    }

    @Test
    void aRangeAcrossMidnightListsBothDaysAndOneEachSide() {
        assertEquals(List.of("2024/05/13/", "2024/05/14/", "2024/05/15/", "2024/05/16/"),
                folders("2024-05-14T23:30:00Z", "2024-05-15T00:30:00Z"));
    }

    @Test
    void anExclusiveEndAtMidnightDoesNotListTheDayItStartsBeyondThePadding() {
        assertEquals(List.of("2024/05/13/", "2024/05/14/", "2024/05/15/"),
                folders("2024-05-14T00:00:00Z", "2024-05-15T00:00:00Z"));
    }

    @Test
    void crossesMonthYearAndLeapDayBoundaries() {
        assertEquals(List.of("2023/12/30/", "2023/12/31/", "2024/01/01/", "2024/01/02/"),
                folders("2023-12-31T22:00:00Z", "2024-01-01T02:00:00Z"));
        assertEquals(List.of("2024/02/28/", "2024/02/29/", "2024/03/01/"),
                folders("2024-02-29T00:00:00Z", "2024-02-29T23:59:59Z"));
        assertEquals(List.of("2023/02/27/", "2023/02/28/", "2023/03/01/"),
                folders("2023-02-28T12:00:00Z", "2023-02-28T13:00:00Z"));
    }

    @Test
    void usesUtcDaysWhateverTheInstantsSay() {
        // 23:30 UTC on the 14th is the 15th in most of Asia: the folders are UTC.
        assertEquals(List.of("2024/05/13/", "2024/05/14/", "2024/05/15/"),
                folders("2024-05-14T23:30:00Z", "2024-05-14T23:45:00Z"));
    }

    @Test
    void aWeekListsNineFoldersOldestFirst() {
        final List<String> week = folders("2024-05-01T00:00:00Z", "2024-05-08T00:00:00Z");
        assertEquals(9, week.size());
        assertEquals("2024/04/30/", week.get(0));
        assertEquals("2024/05/08/", week.get(8));
    }

    @Test
    void anEmptyOrReversedRangeListsNothing() {
        assertEquals(List.of(), folders("2024-05-14T12:00:00Z", "2024-05-14T12:00:00Z"));
        assertEquals(List.of(), folders("2024-05-14T12:00:00Z", "2024-05-14T11:00:00Z"));
    }

    @Test
    void aOneNanosecondRangeStillListsItsDay() {
        final Instant from = Instant.parse("2024-05-14T12:00:00Z");
        assertEquals(List.of("2024/05/13/", "2024/05/14/", "2024/05/15/"),
                DeliveryDays.folders(from, from.plusNanos(1)));
    }

    private static List<String> folders(final String from, final String to) {
        return DeliveryDays.folders(Instant.parse(from), Instant.parse(to));
    }
}
