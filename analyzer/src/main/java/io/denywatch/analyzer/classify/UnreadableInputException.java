package io.denywatch.analyzer.classify;

/** Input that {@link EventReader} cannot read as CloudTrail events, with a message fit to show the user. */
public final class UnreadableInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message) {
        super(message);
    }

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
