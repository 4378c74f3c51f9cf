package dev.parley.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LogConsumer} that reads the partitions {@link PartitionLeases} gives this node, and
 * stops reading a partition before its lease is handed over.
 */
public final class LeasedConsumer implements PartitionLeases.Holder {

    private static final Logger log = LoggerFactory.getLogger(LeasedConsumer.class);
    private static final Duration HAND_OVER = Duration.ofSeconds(10);

    /** What the consumer's owner does around a change. */
    public interface Owner {
        /** Before new partitions are read: the position their previous holder committed. */
        default void acquiring(Map<Integer, Long> committed) {
        }

        /** After the consumer stopped reading {@code partition}. */
        default void released(int partition) {
        }

        /** The position to commit for {@code partition}, or -1 for none. */
        default long position(int partition) {
            return -1;
        }
    }

    private final LogConsumer consumer;
    private final Owner owner;
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();

    public LeasedConsumer(LogConsumer consumer, Owner owner) {
        this.consumer = consumer;
        this.owner = owner;
    }

    @Override
    public void acquired(Set<Integer> partitions, Map<Integer, Long> committed) {
        owner.acquiring(committed);
        held.addAll(partitions);
        consumer.reassign(held);
    }

    @Override
    public Map<Integer, Long> released(Set<Integer> partitions) {
        held.removeAll(partitions);
        try {
            consumer.reassign(held).get(HAND_OVER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Partitions {} were handed over before their reader let go of them ({}); some records may be handled twice",
                    partitions, e.toString());
        }
        Map<Integer, Long> positions = new HashMap<>();
        for (int p : partitions) {
            long position = owner.position(p); // read before the owner forgets the partition
            if (position >= 0) {
                positions.put(p, position);
            }
            owner.released(p);
        }
        return positions;
    }

    @Override
    public Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        for (int p : held) {
            long position = owner.position(p);
            if (position >= 0) {
                positions.put(p, position);
            }
        }
        return positions;
    }
}
