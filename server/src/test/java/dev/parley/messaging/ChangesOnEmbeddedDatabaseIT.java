package dev.parley.messaging;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;

class ChangesOnEmbeddedDatabaseIT extends ChangesContract {

    @Override
    protected ParleyNode node() {
        return SharedNode.get();
    }
}
