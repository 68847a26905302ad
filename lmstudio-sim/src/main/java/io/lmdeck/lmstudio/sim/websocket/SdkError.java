package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A SerializedLMSExtendedError ({@code title, rootTitle, cause?, displayData?}) to send as rpcError/channelError.
 * The SDK rejects with {@code new Error(rootTitle)}.
 */
final class SdkError extends RuntimeException {
    final String title;
    final String rootTitle;
    final String cause;
    final ObjectNode displayData;

    SdkError(String title, String cause, ObjectNode displayData) {
        this(title, title, cause, displayData);
    }

    private SdkError(String title, String rootTitle, String cause, ObjectNode displayData) {
        super(title, null, false, false);
        this.title = title;
        this.rootTitle = rootTitle;
        this.cause = cause;
        this.displayData = displayData;
    }

    /** The text the SDK shows ({@code new Error(rootTitle)}) when it differs from the title. */
    SdkError withRootTitle(String root) {
        return new SdkError(title, root, cause, displayData);
    }

    ObjectNode toJson(ObjectNode target) {
        target.put("title", title);
        target.put("rootTitle", rootTitle);
        if (cause != null) target.put("cause", cause);
        if (displayData != null) target.set("displayData", displayData);
        return target;
    }
}
