package io.lmdeck.http.fakes;

import io.lmdeck.chat.ChatFinish;
import io.lmdeck.chat.ChatRequest;
import io.lmdeck.chat.ChatUpstream;
import io.lmdeck.chat.ChatUpstreamException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streams a fixed reply word by word. With {@link #endless} it keeps streaming until cancelled (to prove a
 * client disconnect stops the upstream request); {@link #offline} fails like an unreachable LM Studio.
 */
public final class FakeChatUpstream implements ChatUpstream {
    public volatile List<String> reply = List.of("Hello", " there", "!");
    public volatile boolean endless;
    public volatile boolean offline;
    public final List<String> models = new CopyOnWriteArrayList<>();
    public final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public CompletableFuture<ChatFinish> stream(String model, ChatRequest request, Consumer<String> onDelta) {
        models.add(model);
        CompletableFuture<ChatFinish> result = new CompletableFuture<>();
        if (offline) {
            result.completeExceptionally(new ChatUpstreamException("connection refused", true, null));
            return result;
        }
        Thread t = new Thread(() -> {
            try {
                do {
                    for (String piece : reply) {
                        if (result.isDone()) {
                            cancelled.countDown();
                            return;
                        }
                        onDelta.accept(piece);
                        if (endless) {
                            // pace the endless stream so a disconnect is noticed between pieces
                            if (cancelledWhileWaiting(result)) {
                                cancelled.countDown();
                                return;
                            }
                        }
                    }
                } while (endless);
                result.complete(new ChatFinish("stop", 5, reply.size()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "fake-chat");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static boolean cancelledWhileWaiting(CompletableFuture<?> f) {
        try {
            f.get(20, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
