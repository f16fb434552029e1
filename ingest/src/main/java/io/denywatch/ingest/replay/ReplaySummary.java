package io.denywatch.ingest.replay;

import io.denywatch.ingest.pipeline.FileOutcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Running totals of a replay, updated file by file. */
public final class ReplaySummary {

    private int files;
    private int ingested;
    private int skipped;
    private int deadLettered;
    private final List<FileOutcome.Retry> failed = new ArrayList<>();
    private long events;
    private long rejected;
    private long storedBytes;

    synchronized void add(FileOutcome outcome) {
        files++;
        if (outcome instanceof FileOutcome.Ingested i) {
            ingested++;
            events += i.events();
            rejected += i.rejected();
            storedBytes += i.storedBytes();
        } else if (outcome instanceof FileOutcome.Skipped) {
            skipped++;
        } else if (outcome instanceof FileOutcome.DeadLettered) {
            deadLettered++;
        } else if (outcome instanceof FileOutcome.Retry r) {
            failed.add(r);
        }
    }

    public synchronized int files() {
        return files;
    }

    public synchronized int ingested() {
        return ingested;
    }

    public synchronized int skipped() {
        return skipped;
    }

    public synchronized int deadLettered() {
        return deadLettered;
    }

    /** Files that could not be read now (storage or Kafka trouble); running the replay again retries them. */
    public synchronized List<FileOutcome.Retry> failed() {
        return Collections.unmodifiableList(new ArrayList<>(failed));
    }

    public synchronized long events() {
        return events;
    }

    public synchronized long rejected() {
        return rejected;
    }

    public synchronized long storedBytes() {
        return storedBytes;
    }
}
