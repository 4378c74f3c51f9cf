package dev.parley.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fixed-size ring of messages in offset order, with index access for the trim and a binary search for readers. */
final class Ring {

    private final LoggedMessage[] slots;
    private int head;
    private int size;

    Ring(int capacity) {
        slots = new LoggedMessage[capacity];
    }

    boolean full() {
        return size == slots.length;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(slots, null);
        head = 0;
        size = 0;
    }

    void add(LoggedMessage message) {
        slots[(head + size) % slots.length] = message;
        size++;
    }

    LoggedMessage get(int index) {
        return slots[(head + index) % slots.length];
    }

    LoggedMessage removeFirst() {
        LoggedMessage first = slots[head];
        slots[head] = null;
        head = (head + 1) % slots.length;
        size--;
        return first;
    }

    /** The messages with seq >= from, oldest first. */
    List<LoggedMessage> from(long from) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (get(mid).seq() < from) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        List<LoggedMessage> found = new ArrayList<>(size - low);
        for (int i = low; i < size; i++) {
            found.add(get(i));
        }
        return found;
    }
}
