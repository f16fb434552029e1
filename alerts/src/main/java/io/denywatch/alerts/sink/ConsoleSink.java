package io.denywatch.alerts.sink;

import io.denywatch.alerts.render.DigestConsoleText;
import io.denywatch.contract.digest.Digest;
import io.denywatch.alerts.render.ConsoleText;
import io.denywatch.alerts.render.AlertLinks;

import java.io.PrintWriter;

/** Prints every incident message as plain text, made safe for a terminal: the demo's sink, and a debugging aid. */
public final class ConsoleSink implements Sink, DigestSink {

    private final PrintWriter out;
    private final AlertLinks links;

    public ConsoleSink(PrintWriter out, AlertLinks links) {
        this.out = out;
        this.links = links;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public Outcome sendDigest(Digest digest) {
        synchronized (out) {
            out.print(DigestConsoleText.render(digest));
            out.flush();
        }
        return Outcome.Accepted.plain();
    }

    @Override
    public Outcome send(Delivery delivery) {
        synchronized (out) {
            out.print(delivery.kind() == Delivery.Kind.FOLLOW_UP ? ConsoleText.followUp(delivery.spike())
                    : ConsoleText.render(delivery.spike(), links));
            out.flush();
        }
        return Outcome.Accepted.plain();
    }
}
