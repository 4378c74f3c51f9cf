package dev.parley.messaging;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;

class MessagingOnEmbeddedDatabaseIT extends MessagingContract {

    @Override
    protected ParleyNode node() {
        return SharedNode.get();
    }
}
