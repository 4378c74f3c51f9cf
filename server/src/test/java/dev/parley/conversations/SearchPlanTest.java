package dev.parley.conversations;

import static dev.parley.conversations.SearchStore.Plan.CONVERSATIONS_FIRST;
import static dev.parley.conversations.SearchStore.Plan.PLANNER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When PostgreSQL is told to read the user's messages first: the cases of the search bench (5M messages). */
class SearchPlanTest {

    private static final double MANY = 500_000; // a user in a tenth of the conversations
    private static final double FEW = 2_500; // a user in five

    @Test
    void aUserWithFewMessagesAndAFrequentWordHasItsMessagesReadFirst() {
        assertThat(SearchStore.cheapest(FEW, 3_200_000)).isEqualTo(CONVERSATIONS_FIRST);
        assertThat(SearchStore.cheapest(FEW, 335_000)).as("measured: 43 ms against 175 ms").isEqualTo(CONVERSATIONS_FIRST);
    }

    @Test
    void otherwiseThePlannerChooses() {
        assertThat(SearchStore.cheapest(FEW, 36_000)).as("measured: 27 ms against 45 ms").isEqualTo(PLANNER);
        assertThat(SearchStore.cheapest(FEW, 3_500)).isEqualTo(PLANNER);
        assertThat(SearchStore.cheapest(MANY, 3_200_000)).isEqualTo(PLANNER);
        assertThat(SearchStore.cheapest(MANY, 36_000)).isEqualTo(PLANNER);
    }
}
