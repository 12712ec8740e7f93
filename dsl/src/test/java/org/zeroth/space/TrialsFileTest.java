package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.zeroth.Zo.zo;
import static org.zeroth.space.SpaceTest.expect;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tuning resumes only over the space it ran over, compared exactly: the trials file used to compare the spaces'
 * text, whose 6 significant digits let a space differing in the 7th digit resume, mixing its trials with another
 * space's (a cube point decodes to another configuration there).
 */
class TrialsFileTest {
    private static final Space SAVED = Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 0, 0.1),
            Param.integer("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum"));

    @TempDir
    Path dir;

    /** The file of a random search over SAVED with three losses told. */
    private Path saved(String name) {
        Path file = dir.resolve(name + ".ckpt");
        try (TuningOptimization t = zo.tune(SAVED).randomSearch().seed(1).maxEvaluations(8).progress(false).start()) {
            for (int i = 0; i < 3; i++) {
                var trial = t.ask();
                t.tell(trial, trial.params().real("lr"));
            }
            t.save(file);
        }
        return file;
    }

    @Test
    void aSpaceThatDiffersAnywhereIsRefusedWithWhatDiffers() {
        Map<Space, String> others = new LinkedHashMap<>();
        // The 7th significant digit, which the text rounds away: the same text, another space.
        others.put(Space.of(Param.real("lr", 1.0000001e-4, 1).log(), Param.real("wd", 0, 0.1),
                Param.integer("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum")),
                "lr: lower bound 1.0E-4 in the file, 1.0000001E-4 here");
        others.put(Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 0, 0.10000002),
                Param.integer("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum")),
                "wd: upper bound 0.1 in the file, 0.10000002 here");
        // Choices whose text runs together: {sgd, adam, momentum} either way.
        others.put(Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 0, 0.1),
                Param.integer("hidden", 1, 64), Param.choice("rule", "sgd, adam", "momentum")),
                "rule: choices [\"sgd\", \"adam\", \"momentum\"] in the file, [\"sgd, adam\", \"momentum\"] here");
        for (Space other : others.keySet()) {
            assertEquals(SAVED.toString(), other.toString(), "the text hides it");
        }
        // What the text shows, said exactly too.
        others.put(Space.of(Param.real("lr", 1e-4, 1), Param.real("wd", 0, 0.1),
                Param.integer("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum")),
                "lr: log scale in the file, linear here");
        others.put(Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 0, 0.1),
                Param.real("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum")),
                "hidden: an integer in the file, a real here");
        others.put(Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 0, 0.1),
                Param.integer("hidden", 1, 64), Param.choice("rule", "adam", "sgd", "momentum")),
                "rule: choices [\"sgd\", \"adam\", \"momentum\"] in the file, [\"adam\", \"sgd\", \"momentum\"] here"
                        + " (their order sets the cube's coordinates)");
        others.put(Space.of(Param.real("lr", 1e-4, 1).log(), Param.integer("hidden", 1, 64),
                Param.real("wd", 0, 0.1), Param.choice("rule", "sgd", "adam", "momentum")),
                "parameters [lr, wd, hidden, rule] in the file, [lr, hidden, wd, rule] here");
        Path file = saved("s");
        for (var other : others.entrySet()) {
            assertNotEquals(SAVED, other.getKey());
            expect(() -> TuningOptimization.resume(file, other.getKey()), "were told over another space than this"
                    + " one — " + other.getValue() + "; resume it with the space it was started with (give it the file's values)");
            expect(() -> zo.tune(other.getKey(), p -> 0).resume(file), other.getValue());
        }
        // An equal space built again resumes, and decodes the trials as they were.
        Space again = Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 0, 0.1),
                Param.integer("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum"));
        assertEquals(SAVED, again);
        assertEquals(SAVED.hashCode(), again.hashCode());
        try (TuningOptimization t = TuningOptimization.resume(file, again)) {
            assertEquals(3, t.run().calls());
        }
    }

    @Test
    void aConfigurationOfAnotherSpaceIsRefusedExactlyToo() {
        Space seventhDigit = Space.of(Param.real("lr", 1e-4, 1.0000001).log(), Param.real("wd", 0, 0.1),
                Param.integer("hidden", 1, 64), Param.choice("rule", "sgd", "adam", "momentum"));
        Params p = seventhDigit.configuration("lr", 0.01, "wd", 0.01, "hidden", 8, "rule", "adam");
        expect(() -> SAVED.encode(p), "encode(p) needs a configuration of this space");
        expect(() -> zo.tune(SAVED, q -> 0).from(p), "encode(p) needs a configuration of this space");
    }

    @Test
    void aTrialsFileThatKeptItsSpaceAsTextIsRefused() throws Exception {
        Path file = saved("old");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeUTF(SAVED.toString());
            out.writeInt(0);
        }
        Files.write(TrialsFile.beside(file), bytes.toByteArray());
        expect(() -> TuningOptimization.resume(file, SAVED), "(version 1, this Zeroth reads 2: version 1 kept its"
                + " space only as text, too coarse to check it by); resume it with the Zeroth that wrote it, or start"
                + " the tuning again");
        bytes.reset();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeInt(1); // one parameter, of kind 9
            out.writeUTF("lr");
            out.writeByte(9);
            out.write(new byte[21]);
        }
        Files.write(TrialsFile.beside(file), bytes.toByteArray());
        expect(() -> TuningOptimization.resume(file, SAVED), "is corrupted (not a parameter (kind 9");
    }
}
