package io.lmdeck.lmstudio.sim.engine;

import java.util.Locale;

/** LM Studio's guardrail refusal wording (bug-tracker #1202, #1038). */
final class GuardrailText {
    private GuardrailText() {}

    static String insufficientResources(long requiredBytes) {
        return String.format(Locale.ROOT, "Model loading was stopped due to insufficient system resources. Under the "
                + "current settings, this model requires approximately %.2f GB of memory, and loading it would likely "
                + "overload your system and cause it to freeze. If you believe this is a mistake, you can try to "
                + "change the model loading guardrails in the settings.", requiredBytes / 1e9);
    }
}
