package org.zeroth.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Map;
import java.util.Set;

/**
 * A request's content checked field by field against the Jupyter messaging spec (5.3/5.4), with the defaults
 * ipykernel uses filled in for optional fields. A bad field is a {@link Bad} naming it, which the kernel answers
 * with an error reply instead of leaving the client waiting. Types the spec does not list pass unchecked.
 */
final class RequestContent {
    private static final Set<String> ACCESS_TYPES = Set.of("range", "tail", "search");

    /** What is wrong with a request's content; the message names the field and says what it must be. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private final String type;
    private final JsonObject content;

    private RequestContent(String type, JsonObject content) {
        this.type = type;
        this.content = content;
    }

    /** The content, checked and completed with the spec's defaults. */
    static JsonObject checked(String type, JsonElement content) throws Bad {
        if (content == null || !content.isJsonObject()) {
            throw new Bad(type + ": the content must be a JSON object");
        }
        RequestContent c = new RequestContent(type, content.getAsJsonObject().deepCopy());
        switch (type) {
            case "execute_request" -> {
                c.string("code", null);
                boolean silent = c.bool("silent", false);
                c.bool("store_history", !silent);
                c.expressions();
                c.bool("allow_stdin", false);
                c.bool("stop_on_error", true);
            }
            case "complete_request" -> c.cursor();
            case "inspect_request" -> {
                c.cursor();
                int level = c.integer("detail_level", 0);
                if (level != 0 && level != 1) {
                    throw c.bad("detail_level", "must be 0 or 1, not " + level);
                }
            }
            case "is_complete_request" -> c.string("code", null);
            case "history_request" -> c.history();
            case "comm_info_request" -> c.optionalString("target_name");
            case "shutdown_request" -> c.bool("restart", false);
            default -> { } // kernel_info_request and interrupt_request have no fields; other types: not ours to judge
        }
        return c.content;
    }

    private void cursor() throws Bad {
        String code = string("code", null);
        int length = code.codePointCount(0, code.length());
        int at = integer("cursor_pos", null);
        if (at < 0 || at > length) {
            throw bad("cursor_pos", at + " is outside the code, which has " + length + " characters (code points)");
        }
    }

    private void history() throws Bad {
        bool("output", false);
        bool("raw", true);
        String access = string("hist_access_type", null);
        if (!ACCESS_TYPES.contains(access)) {
            throw bad("hist_access_type", "must be \"range\", \"tail\" or \"search\", not \"" + access + "\"");
        }
        switch (access) {
            case "range" -> {
                integer("session", 0);
                integer("start", 0);
                integer("stop", 0);
            }
            case "tail" -> nonNegative("n", null);
            default -> {
                string("pattern", "*");
                nonNegative("n", Integer.MAX_VALUE); // no n: every match
                bool("unique", false);
            }
        }
    }

    private void expressions() throws Bad {
        JsonElement e = content.get("user_expressions");
        if (e == null || e.isJsonNull()) {
            content.add("user_expressions", new JsonObject());
            return;
        }
        if (!e.isJsonObject()) {
            throw bad("user_expressions", "must be an object mapping names to code strings, not " + e);
        }
        for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
            if (!isString(entry.getValue())) {
                throw bad("user_expressions", "must map names to code strings; '" + entry.getKey() + "' maps to "
                        + entry.getValue());
            }
        }
    }

    private String string(String field, String fallback) throws Bad {
        JsonElement e = content.get(field);
        if (e == null || e.isJsonNull()) {
            if (fallback == null) {
                throw bad(field, "is required (a string)");
            }
            content.addProperty(field, fallback);
            return fallback;
        }
        if (!isString(e)) {
            throw bad(field, "must be a string, not " + e);
        }
        return e.getAsString();
    }

    private void optionalString(String field) throws Bad {
        JsonElement e = content.get(field);
        if (e != null && !e.isJsonNull() && !isString(e)) {
            throw bad(field, "must be a string, not " + e);
        }
    }

    private boolean bool(String field, boolean fallback) throws Bad {
        JsonElement e = content.get(field);
        if (e == null || e.isJsonNull()) {
            content.addProperty(field, fallback);
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw bad(field, "must be true or false, not " + e);
        }
        return e.getAsBoolean();
    }

    private int integer(String field, Integer fallback) throws Bad {
        JsonElement e = content.get(field);
        if (e == null || e.isJsonNull()) {
            if (fallback == null) {
                throw bad(field, "is required (an integer)");
            }
            content.addProperty(field, fallback);
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(field, "must be an integer, not " + e);
        }
        double value = e.getAsDouble();
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw bad(field, "must be an integer, not " + e);
        }
        return (int) value;
    }

    private void nonNegative(String field, Integer fallback) throws Bad {
        if (integer(field, fallback) < 0) {
            throw bad(field, "must be 0 or more, not " + content.get(field));
        }
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && ((JsonPrimitive) e).isString();
    }

    private Bad bad(String field, String what) {
        return new Bad(type + ": '" + field + "' " + what);
    }
}
