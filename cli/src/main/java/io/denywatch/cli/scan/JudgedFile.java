package io.denywatch.cli.scan;

import io.denywatch.analyzer.streams.SequentialAnalyzer;

import java.util.List;

/**
 * One file as a reader thread left it for the analyzer: its events counted, the few that may be denials judged
 * already, and of the others only those whose time moves the analyzer's clock.
 *
 * @param source   where the file came from
 * @param events   how many events it held
 * @param problems what could not be read, and why
 * @param arrivals in file order: the judged candidates, and the other events that move the clock
 */
record JudgedFile(String source, long events, List<ScanReport.Problem> problems,
                  List<SequentialAnalyzer.Arrival> arrivals) {
}
