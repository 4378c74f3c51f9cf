package dev.parley.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.messaging.ChangeCommand;
import dev.parley.messaging.MessageAck;
import dev.parley.messaging.MessageSender;
import dev.parley.messaging.SendCommand;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * {@code message.send}, and the changes to messages ({@code message.edit}, {@code message.delete},
 * {@code reaction.add}, {@code reaction.remove}): the frame is handed to the log in arrival order, and the connection's
 * next frame is read right away; the ack (or error) follows when the log answers. Each send counts
 * as pending on its connection until its answer is queued, which is what a drain waits for; while
 * the node drains, a send is answered {@code shutting_down} without being stored.
 */
final class SendHandler implements FrameHandler {

    /** Hands a frame's command to the send path; the Mono completes once it is queued for the log, with its ack's future. */
    interface Submit {
        Mono<CompletableFuture<MessageAck>> submit(AuthenticatedUser user, InboundFrame frame, String originSession);
    }

    private final String type;
    private final Submit submit;
    private final Draining draining;

    SendHandler(String type, Submit submit, Draining draining) {
        this.type = type;
        this.submit = submit;
        this.draining = draining;
    }

    /** Every frame that takes the send path. */
    static List<FrameHandler> all(MessageSender sender, Draining draining) {
        List<FrameHandler> handlers = new ArrayList<>();
        handlers.add(new SendHandler("message.send", (user, frame, origin) -> sender.submit(user, SendCommand.from(frame.body()), origin), draining));
        for (String change : List.of(ChangeCommand.EDIT, ChangeCommand.DELETE, ChangeCommand.REACT, ChangeCommand.UNREACT)) {
            handlers.add(new SendHandler(change, (user, frame, origin) -> sender.submit(user, ChangeCommand.from(change, frame.body()), origin),
                    draining));
        }
        return handlers;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        PendingSends pending = connection.pendingSends();
        if (!pending.add()) {
            return Mono.empty(); // closed by the drain: not taken, so nothing stored and nothing to answer
        }
        AtomicBoolean handedOver = new AtomicBoolean();
        return Mono.defer(() -> draining.active() ? Mono.error(Draining.refusal()) : submit(connection, frame, handedOver))
                .then()
                // After the dispatcher (downstream) queued the error frame of a send that never reached the log.
                .doFinally(signal -> {
                    if (!handedOver.get()) {
                        pending.answered();
                    }
                });
    }

    /** {@code handedOver} is set once the answer is bound to the ack future: from then on that answer ends the pending send. */
    private Mono<CompletableFuture<Void>> submit(Connection connection, InboundFrame frame, AtomicBoolean handedOver) {
        // A client that shows its messages only when they come back gets them like every other session.
        String origin = connection.dialect().echoesOwnSends() ? null : connection.id();
        String ref = frame.ref();
        return submit.submit(connection.user(), frame, origin)
                .map(pending -> {
                    handedOver.set(true);
                    return pending.handleAsync((ack, error) -> {
                        try {
                            connection.send(error == null ? new Frames.Frame("message.ack", ack) : Frames.error(notStored(error), ref));
                        } finally {
                            connection.pendingSends().answered();
                        }
                        return null;
                    }, connection.executor()); // not on the Kafka producer's I/O thread, which would then hold up every other send
                });
    }

    private static ParleyError notStored(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ParleyError p ? p
                : ParleyError.unavailable("not_stored", "The message was not stored; retry with the same clientMsgId");
    }
}
