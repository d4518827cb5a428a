package dev.corvid.mlregistry.registry;

import java.util.List;

/** One page of search results; {@code nextPageToken} is null on the last page. */
public record Page<T>(List<T> items, String nextPageToken) {
}
