package io.denywatch.alerts.ledger;

/**
 * Where an incident message sits on the spike topic. Every message of one incident is in one partition (they share
 * the incident id as key), so offsets order them.
 */
public record Position(int partition, long offset) {
}
