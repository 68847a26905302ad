package io.lmdeck.lmstudio.client.errors;

/** No loaded instance has this id (unload of something already gone, or a typo). */
public final class InstanceNotFoundException extends LmStudioException {
    private final String instanceId;

    public InstanceNotFoundException(String instanceId, String message, int httpStatus) {
        super(message, httpStatus, null, null);
        this.instanceId = instanceId;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INSTANCE_NOT_FOUND;
    }

    /** The instance id that was not loaded. */
    public String instanceId() {
        return instanceId;
    }
}
