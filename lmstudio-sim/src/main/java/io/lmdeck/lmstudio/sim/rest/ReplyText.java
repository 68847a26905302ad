package io.lmdeck.lmstudio.sim.rest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Deterministic fake model output that reads as plain sentences (the demo's chat shows it): "Simulated reply from
 * MODEL." and then whole sentences from a short list, streamed a word per token. The same seed, model and prompt
 * always give the same tokens.
 */
final class ReplyText {
    private static final String[] SENTENCES = {
        "This is the LM Studio simulator answering, so no real model wrote these words.",
        "The same model and the same question always get the same answer.",
        "Each word arrives as its own token, the way a streaming model sends them.",
        "Try loading another model: the chat waits while lmdeck swaps it in.",
        "A real LM Studio would load the weights into memory and generate every token.",
        "Everything here runs on your own machine, and nothing leaves it.",
        "The progress you saw while the model loaded came from the simulator's own clock.",
        "Ask anything you like; the answer will be short, friendly and the same next time.",
        "When you are done, unload the model to give its memory back.",
        "Replies are whole sentences picked from a short list, not generated text.",
    };

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
        List<String> words = new ArrayList<>(List.of("Simulated", "reply", "from", model + "."));
        List<String> sentences = new ArrayList<>(List.of(SENTENCES));
        Collections.shuffle(sentences, r);
        for (int i = 0; words.size() < wanted && i < sentences.size(); i++) {
            words.addAll(List.of(sentences.get(i).split(" ")));
        }
        boolean cut = maxTokens != null && maxTokens < words.size();
        int n = cut ? Math.max(0, maxTokens) : words.size();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i == 0 ? words.get(i) : " " + words.get(i));
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
