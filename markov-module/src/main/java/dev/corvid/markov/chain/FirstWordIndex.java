package dev.corvid.markov.chain;

import java.util.Arrays;

/** States by their first word: {@code ids[start[w] .. start[w+1])} are the states that begin with word w. */
final class FirstWordIndex {
    final int states;
    final int[] start;
    final int[] ids;

    FirstWordIndex(StateTable table, int words) {
        int stateCount = table.size();
        states = stateCount;
        start = new int[words + 1];
        for (int s = 0; s < stateCount; s++) {
            start[table.token(s, 0) + 1]++;
        }
        for (int w = 0; w < words; w++) {
            start[w + 1] += start[w];
        }
        ids = new int[stateCount];
        int[] fill = Arrays.copyOf(start, words);
        for (int s = 0; s < stateCount; s++) {
            ids[fill[table.token(s, 0)]++] = s;
        }
    }
}
