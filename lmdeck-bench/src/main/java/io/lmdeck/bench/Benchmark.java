package io.lmdeck.bench;

import java.util.List;

/** One of the six benchmarks. */
interface Benchmark {
    /** The name {@code --only} selects it by. */
    String name();

    /** One line for {@code --help}. */
    String describe();

    List<Figure> run(BenchSession session) throws Exception;
}
