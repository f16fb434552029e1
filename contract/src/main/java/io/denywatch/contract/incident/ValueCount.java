package io.denywatch.contract.incident;

/**
 * A value and how often it was seen in the window reported, one entry of an incident's top lists (actions,
 * resources, error messages, …), most frequent first.
 *
 * @param value what was seen, as the event wrote it
 * @param count how many denials carried it
 */
public record ValueCount(String value, long count) {
}
