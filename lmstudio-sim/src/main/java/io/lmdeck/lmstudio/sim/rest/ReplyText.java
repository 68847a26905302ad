package io.lmdeck.lmstudio.sim.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic fake model output: the same seed, model and prompt always give the same tokens. */
final class ReplyText {
    private static final String[] WORDS = {"the", "model", "is", "running", "locally", "and", "this", "answer",
        "was", "produced", "by", "a", "simulated", "LM", "Studio", "server", "with", "no", "real", "weights",
        "loaded", "so", "please", "treat", "it", "as", "placeholder", "text", "for", "testing", "streaming",
        "tokens", "in", "order"};

    private final long seed;

    ReplyText(long seed) {
        this.seed = seed;
    }

    /** The generated tokens and why generation stopped ("stop" or "length"). */
    record Reply(List<String> tokens, String finishReason) {
        String text() {
            return String.join("", tokens);
        }
    }

    Reply reply(String model, String prompt, Integer maxTokens) {
        Random r = new Random(seed * 31 + model.hashCode() * 17L + prompt.hashCode());
        int wanted = 12 + r.nextInt(20);
        boolean cut = maxTokens != null && maxTokens < wanted;
        int n = cut ? Math.max(0, maxTokens) : wanted;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i == 0) out.add("Simulated");
            else if (i == n - 1 && !cut) out.add(".");
            else out.add(" " + WORDS[r.nextInt(WORDS.length)]);
        }
        return new Reply(out, cut ? "length" : "stop");
    }

    static int countTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    /** A unit-length vector for an embedding input, stable for equal inputs. */
    float[] embedding(String input, int dimensions) {
        Random r = new Random(seed * 131 + input.hashCode());
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) r.nextGaussian();
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) v[i] *= scale;
        return v;
    }
}
