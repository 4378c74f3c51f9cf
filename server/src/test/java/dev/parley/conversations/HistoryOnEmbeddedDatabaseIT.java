package dev.parley.conversations;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;

class HistoryOnEmbeddedDatabaseIT extends HistoryContract {

    @Override
    protected ParleyNode node() {
        return SharedNode.get();
    }
}
