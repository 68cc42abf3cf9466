package dev.flashsale.persistence.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy stream over a table read in keyset pages ({@code WHERE key > ? ORDER BY key LIMIT n}): each page is one
 * short query, fetched when the stream reaches it, so no connection is held between pages and a consumer that stops
 * early reads no more. Not a snapshot: rows changed while streaming may be seen before or after the change. Stateless.
 */
public final class KeysetStream {

    private KeysetStream() {}

    /**
     * @param pageSize rows per page; a shorter page is the last
     * @param pageAfter reads the page of rows whose key is greater than its argument, in key order
     * @param key the key of a row; keys are positive, so the first page starts after 0
     */
    public static <T> Stream<T> of(int pageSize, LongFunction<List<T>> pageAfter, ToLongFunction<T> key) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
        }
        Spliterator<T> pages =
                new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                    private long after = 0;
                    private boolean lastPage = false;
                    private Iterator<T> page = Collections.emptyIterator();

                    @Override
                    public boolean tryAdvance(Consumer<? super T> action) {
                        while (!page.hasNext()) {
                            if (lastPage) {
                                return false;
                            }
                            List<T> next = pageAfter.apply(after);
                            lastPage = next.size() < pageSize;
                            if (next.isEmpty()) {
                                return false;
                            }
                            after = key.applyAsLong(next.getLast());
                            page = next.iterator();
                        }
                        action.accept(page.next());
                        return true;
                    }
                };
        return StreamSupport.stream(pages, false);
    }
}
