package io.lmdeck.lmstudio.sim.engine;

import java.util.Locale;

/** LM Studio's guardrail refusal wording, as captured in bug-tracker #1202 (0.3.30) and #1038. */
final class GuardrailText {
    private GuardrailText() {}

    static String insufficientResources(long requiredBytes) {
        return String.format(Locale.ROOT, "Model loading was stopped due to insufficient system resources. Under the "
                + "current settings, this model requires approximately %.2f GB of memory, and continuing to load it would "
                + "likely overload your system and cause it to freeze. If you think this is incorrect, you can adjust "
                + "the model loading guardrails in settings.", requiredBytes / 1e9);
    }
}
