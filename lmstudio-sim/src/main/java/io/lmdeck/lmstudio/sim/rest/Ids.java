package io.lmdeck.lmstudio.sim.rest;

import java.util.Random;

/** Seeded random ids in LM Studio's styles ({@code chatcmpl-…}, {@code resp_…}, {@code job_…}). */
final class Ids {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final Random random;

    Ids(long seed) {
        random = new Random(seed ^ 0x5DEECE66DL);
    }

    synchronized String next(String prefix, int length, String alphabet) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    String chatCompletion() {
        return next("chatcmpl-", 21, ALPHABET);
    }

    String response() {
        return next("resp_", 24, "0123456789abcdef");
    }

    String job() {
        return next("job_", 10, "0123456789abcdef");
    }
}
