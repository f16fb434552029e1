package io.denywatch.cli.demo;

import java.io.PrintWriter;

/**
 * The console the alerts role writes to in the demo, passed through unchanged, noting when the first alert opening an
 * incident of one account is printed: how the demo tells how soon the fast path's alert was out, apart from the
 * updates and resolutions of the sample's incidents printed meanwhile.
 */
final class OpenAlertWatch extends PrintWriter {

    private final String account;
    private volatile long firstOpen;

    OpenAlertWatch(PrintWriter console, String account) {
        super(console, true);
        this.account = account;
    }

    /** The console sink prints each alert as one block. */
    @Override
    public void print(String s) {
        if (firstOpen == 0 && s != null && s.contains("· OPEN ·") && s.contains(account)) {
            firstOpen = System.nanoTime();
        }
        super.print(s);
    }

    /** When ({@link System#nanoTime()}) the first such alert was printed, or 0 before that. */
    long firstOpen() {
        return firstOpen;
    }
}
