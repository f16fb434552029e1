package io.denywatch.analyzer.classify;

/** The bytes handed to the classifier are not one JSON value. */
public final class MalformedEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
