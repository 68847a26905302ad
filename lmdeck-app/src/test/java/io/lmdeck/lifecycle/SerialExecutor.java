package io.lmdeck.lifecycle;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * The owner's mailbox for tests: commands run on the posting thread, one at a time and in order
 * (a command posted while another runs is queued and run right after it), so a test drives the
 * owner synchronously with no sleeps.
 */
final class SerialExecutor implements Executor {
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean paused;

    /** Holds what is posted from now on, like an owner thread busy with a backlog. */
    synchronized void pause() {
        paused = true;
    }

    /** Runs what was held, then runs posts again as they come. */
    void resume() {
        synchronized (this) {
            paused = false;
        }
        execute(() -> { });
    }

    @Override
    public void execute(Runnable command) {
        synchronized (this) {
            queue.add(command);
            if (running || paused) {
                return;
            }
            running = true;
        }
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
