package org.zeroth.space;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.zeroth.Config;
import org.zeroth.RunBuilder;

/**
 * What keeps a tuning's own settings (seed, budget, time limit, target, box, start) its own: a method's options
 * that move them are refused, and so is a resume set up otherwise than the tuning saved — each named, with the
 * call to use instead.
 */
final class TuningSettings {
    private TuningSettings() {
    }

    /**
     * Refuses options that changed the tuning's own settings from {@code before} to {@code after}: they would win
     * silently over the tuning's, and a resume compares the tuning's.
     */
    static void requireOwnSettings(String method, RunBuilder<?> before, RunBuilder<?> after) {
        Config was = before.plan();
        Config is = after.plan();
        List<String> moved = new ArrayList<>();
        for (String name : List.of("seed", "maxEvaluations", "timeLimit", "target", "bounds")) {
            Object value = is.get(name);
            if (!String.valueOf(value).equals(String.valueOf(was.get(name)))) {
                moved.add(switch (name) {
                    case "seed" -> "set the seed on the tuning: zo.tune(space, loss).seed(" + value + ")";
                    case "maxEvaluations" -> "set the budget on the tuning: zo.tune(space, loss).maxEvaluations("
                            + value + ")";
                    case "timeLimit" -> "set the time limit on the tuning: zo.tune(space, loss).timeLimit("
                            + "Duration.parse(\"" + value + "\"))";
                    case "target" -> "set the target on the tuning: zo.tune(space, loss).stopAt(" + value + ")";
                    default -> "drop within(…): every method searches the unit cube of the space (bounds " + value
                            + " instead of " + was.get(name) + "); to search less, narrow the space's parameters";
                });
            }
        }
        if (!Arrays.equals(before.givenStart(), after.givenStart())) {
            moved.add("set the start on the tuning as a configuration: zo.tune(space, loss)"
                    + ".from(space.configuration(…))");
        }
        if (!moved.isEmpty()) {
            throw new IllegalArgumentException("the options of " + method + " change the tuning's own settings: "
                    + String.join("; ", moved));
        }
    }

    /**
     * Refuses the settings given to a tuning resuming {@code file}, on it or in the method's options, where its plan
     * differs from the saved run's config {@code was}, naming each; those not given are the file's, whatever the
     * tuning's defaults are. {@code withoutOptions}: the plan without the method's options (the plan itself when the
     * method differs), so that what the options changed counts as given.
     */
    static void requireSettingsOf(Config was, Config plan, Config withoutOptions, Set<String> given, Path file) {
        Set<String> compared = new HashSet<>(given);
        plan.asMap().forEach((name, value) -> {
            if (!String.valueOf(value).equals(String.valueOf(withoutOptions.get(name)))) {
                compared.add(name);
            }
        });
        List<String> differ = new ArrayList<>();
        plan.asMap().forEach((name, value) -> {
            if (compared.contains(name) && !String.valueOf(value).equals(String.valueOf(was.get(name)))) {
                differ.add(name + " " + value + " (saved: " + was.get(name) + ")");
            }
        });
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException("resume(" + file + ") continues the tuning saved there, to the end it"
                    + " planned, but this one is set up otherwise: " + String.join(", ", differ) + ". Resume it with"
                    + " zo.tune(space, loss).resume(file), which takes the file's settings, or with those it was"
                    + " started with; for more evaluations start a new tuning from(resumed.bestParams())");
        }
    }
}
