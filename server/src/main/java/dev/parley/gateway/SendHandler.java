package dev.parley.gateway;

import java.util.concurrent.CompletionException;

import dev.parley.messaging.MessageSender;
import dev.parley.messaging.SendCommand;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * {@code message.send}: the frame is handed to the log in arrival order, and the connection's
 * next frame is read right away; the ack (or error) follows when the log answers.
 */
final class SendHandler implements FrameHandler {

    private final MessageSender sender;

    SendHandler(MessageSender sender) {
        this.sender = sender;
    }

    @Override
    public String type() {
        return "message.send";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        SendCommand command = new SendCommand(frame.text("clientMsgId"), frame.text("to"), frame.text("conversationId"),
                frame.text("content"), frame.text("attachmentUrl"));
        return sender.submit(connection.user(), command, connection.id())
                .doOnNext(pending -> pending.whenCompleteAsync((ack, error) -> {
                    if (error == null) {
                        connection.send(new Frames.Frame("message.ack", ack));
                    } else {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        ParleyError e = cause instanceof ParleyError p ? p
                                : ParleyError.unavailable("not_stored", "The message was not stored; retry with the same clientMsgId");
                        connection.send(Frames.error(e, command.clientMsgId()));
                    }
                }, connection.executor())) // not on the Kafka producer's I/O thread, which would then hold up every other send
                .then();
    }
}
