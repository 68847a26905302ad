package io.lmdeck.bench;

import java.io.IOException;

/** Shares one simulator + lmdeck pair between the benchmarks that can use it; started on first use. */
final class BenchSession implements AutoCloseable {
    private BenchRig rig;

    BenchRig rig() throws IOException, InterruptedException {
        if (rig == null) {
            rig = BenchRig.start();
        }
        return rig;
    }

    /** After a failure: what the lmdeck server logged last. */
    void describeFailure(java.io.PrintStream err) {
        if (rig != null) {
            err.println("lmdeck server log (last lines):\n" + rig.lmdeck().logTail());
        }
    }

    @Override
    public void close() {
        if (rig != null) {
            rig.close();
            rig = null;
        }
    }
}
