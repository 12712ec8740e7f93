package org.zeroth.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * This session's inputs and the text/plain of their results, answered to history requests as IPython's history
 * manager answers them: entries are (session, line, input), or (session, line, [input, output]) when the request
 * asks for output (output null for a cell without a value). This is session 1; there is no earlier one.
 */
final class SessionHistory {
    static final int SESSION = 1;

    private final TreeMap<Integer, String> inputs = new TreeMap<>();
    private final Map<Integer, String> outputs = new LinkedHashMap<>();

    synchronized void add(int line, String input) {
        inputs.put(line, input);
    }

    synchronized void output(int line, String text) {
        outputs.put(line, text);
    }

    /** The last n cells, oldest first. */
    synchronized List<List<Object>> tail(int n, boolean withOutput) {
        List<Integer> lines = new ArrayList<>(inputs.keySet());
        return entries(lines.subList(Math.max(0, lines.size() - n), lines.size()), withOutput);
    }

    /**
     * Lines start (inclusive) to stop (exclusive) of a session: 0 or 1 is this one, negative ones count back. A
     * negative start or stop counts back from the end; a stop of 0 means the end (IPython's _get_range_session).
     */
    synchronized List<List<Object>> range(int session, int start, int stop, boolean withOutput) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        int end = inputs.isEmpty() ? 1 : inputs.lastKey() + 1;
        int from = start < 0 ? start + end : start;
        int to = stop == 0 || stop > end ? end : stop < 0 ? stop + end : stop;
        return from >= to ? List.of() : entries(new ArrayList<>(inputs.subMap(from, to).keySet()), withOutput);
    }

    /**
     * The last n inputs matching a glob as SQLite's GLOB does (IPython searches with it): * any text, ? one
     * character, [...] one of a set (ranges, ^ negates), everything else literal and case-sensitive. Unique keeps
     * each input once, at its latest line.
     */
    synchronized List<List<Object>> search(String glob, int n, boolean unique, boolean withOutput) {
        Pattern pattern = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        Map<Object, Integer> matches = new LinkedHashMap<>();
        inputs.forEach((line, input) -> {
            if (pattern.matcher(input).matches()) {
                Object key = unique ? input : line;
                matches.remove(key); // a repeated input moves to its latest place
                matches.put(key, line);
            }
        });
        List<Integer> lines = new ArrayList<>(matches.values());
        return entries(lines.subList(Math.max(0, lines.size() - n), lines.size()), withOutput);
    }

    private List<List<Object>> entries(List<Integer> lines, boolean withOutput) {
        List<List<Object>> out = new ArrayList<>();
        for (int line : lines) {
            Object value = withOutput ? Arrays.asList(inputs.get(line), outputs.get(line)) : inputs.get(line);
            out.add(List.of(SESSION, line, value));
        }
        return out;
    }

    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1; // a ']' right after '[' belongs to the set
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (close > 0) {
                re.append(characterClass(glob.substring(i + 1, close)));
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    private static String characterClass(String set) {
        StringBuilder re = new StringBuilder("[");
        int from = 0;
        if (set.startsWith("^")) {
            re.append('^');
            from = 1;
        }
        for (int i = from; i < set.length(); i++) {
            char c = set.charAt(i);
            boolean range = c == '-' && i > from && i < set.length() - 1;
            re.append(range ? "-" : "\\x{" + Integer.toHexString(c) + "}");
        }
        return re.append(']').toString();
    }
}
