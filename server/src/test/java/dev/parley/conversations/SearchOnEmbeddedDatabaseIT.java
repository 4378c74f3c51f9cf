package dev.parley.conversations;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;

class SearchOnEmbeddedDatabaseIT extends SearchContract {

    @Override
    protected ParleyNode node() {
        return SharedNode.get();
    }
}
