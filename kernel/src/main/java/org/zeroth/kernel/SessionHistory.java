package org.zeroth.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** This session's inputs (session number 1), answered to history requests: tail, range and search. */
final class SessionHistory implements HistoryManager {
    private static final int SESSION = 1;
    private final List<HistoryEntry> entries = new ArrayList<>();

    synchronized void add(int count, String input) {
        entries.add(new HistoryEntry(SESSION, count, input, null));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, length));
        return new ArrayList<>(entries.subList(from, entries.size()));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (e.getCellNumber() >= start && (stop <= 0 || e.getCellNumber() < stop)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
        Pattern pattern = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        Map<String, HistoryEntry> matches = new LinkedHashMap<>();
        for (HistoryEntry e : entries) {
            if (pattern.matcher(e.getInput()).matches()) {
                if (flags.contains(ResultFlag.UNIQUE)) {
                    matches.remove(e.getInput());
                }
                matches.put(flags.contains(ResultFlag.UNIQUE) ? e.getInput() : e.getCellNumber() + "", e);
            }
        }
        List<HistoryEntry> out = new ArrayList<>(matches.values());
        return length > 0 && out.size() > length ? out.subList(out.size() - length, out.size()) : out;
    }

    private static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : (glob == null || glob.isEmpty() ? "*" : glob).toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
