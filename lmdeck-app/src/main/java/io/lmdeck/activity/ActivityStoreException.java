package io.lmdeck.activity;

/**
 * The activity log could not be opened or used. The message is written for a person (the server prints it and
 * exits 1): it names the database and the reason, and never contains a password.
 */
public final class ActivityStoreException extends RuntimeException {
    public ActivityStoreException(String message) {
        super(message);
    }

    public ActivityStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
