package io.denywatch.ingest.logfile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The {@code YYYY/MM/DD/} day folders to list for files delivered in a time range. */
final class DeliveryDays {

    private DeliveryDays() {
    }

    /**
     * The day folders, oldest first, that can hold a file delivered in {@code [from, to)}: the UTC days the range
     * touches, plus one day on each side.
     *
     * <p>CloudTrail documents both the day folder and the name's timestamp as the delivery time, in UTC, but not
     * that they come from one clock reading: a file delivered a moment before midnight could be filed under the next
     * day. The extra day each side costs one small LIST per region and day, against silently missing a file in a
     * replay; files are still kept only when the timestamp in their name is in range.
     *
     * @return no folders when {@code from} is not before {@code to}
     */
    static List<String> folders(final Instant from, final Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            return List.of();
        }
        final LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
        final LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC).plusDays(1);
        final List<String> folders = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            folders.add(String.format(Locale.ROOT, "%04d/%02d/%02d/", day.getYear(), day.getMonthValue(),
                    day.getDayOfMonth()));
        }
        return folders;
    }
}
