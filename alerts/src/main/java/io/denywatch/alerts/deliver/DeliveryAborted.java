package io.denywatch.alerts.deliver;

/**
 * The message being delivered is no longer this instance's (its partition went to another instance, or the service is
 * stopping): stop without committing; whoever reads it next sees in the ledger what was already sent.
 */
public final class DeliveryAborted extends RuntimeException {

    public DeliveryAborted(String why) {
        super(why, null, false, false);
    }
}
