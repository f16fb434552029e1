package io.denywatch.cli.scan;

import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;

/**
 * One file as a reader thread left it for the topology: its events counted, the few that may be denials kept whole,
 * and of the others only the event times the topology's clock would move to.
 *
 * @param source   where the file came from
 * @param events   how many events it held
 * @param problems what could not be read, and why
 * @param kept     in file order: the denial candidates, and the times of the other events that move the clock
 */
record JudgedFile(String source, long events, List<ScanReport.Problem> problems, List<Kept> kept) {

    /** One thing a file passes on to the topology, in file order. */
    sealed interface Kept {
        /** The event's time as the analyzer reads it, or {@link Long#MIN_VALUE} when it would not believe it. */
        long time();
    }

    /** An event that may be a denial, as the raw topic carries it. */
    record Candidate(byte[] key, byte[] value, RecordHeaders headers, long time) implements Kept {
    }

    /**
     * Another event's time: the topology only needs to know that its clock (stream time, the largest event time seen)
     * moved there, since it drops the event itself unread.
     */
    record ClockMark(byte[] eventTime, long time) implements Kept {
    }
}
