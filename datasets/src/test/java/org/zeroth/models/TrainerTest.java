package org.zeroth.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Interrupts;
import org.zeroth.datasets.Dataset;
import org.zeroth.datasets.Datasets;

/** The first-order baseline stops where a notebook interrupts it, keeping the model, and says when it diverged. */
class TrainerTest {
    @Test
    void anInterruptStopsTheTrainingWithTheModelAsItIs() throws Exception {
        Dataset train = Datasets.digits().standardized();
        for (int trial = 0; trial < 3; trial++) {
            Classifier model = Classifier.mlp(train, 32).seed(1).build();
            INDArray theta0 = model.parameters().dup();
            Trainer trainer = Trainer.adam(1e-3).epochs(100).batchSize(32).seed(1); // 5,700 steps: a minute
            FutureTask<Training> cell = new FutureTask<>(() -> trainer.train(model, train));
            Thread thread = new Thread(cell);
            thread.start();
            while (model.parameters().equalsWithEps(theta0, 0) && !cell.isDone()) {
                Thread.onSpinWait(); // the first update has not landed yet
            }
            Interrupts.interrupt(thread);
            Training stopped = cell.get();
            assertTrue(stopped.interrupted(), stopped.toString());
            assertTrue(stopped.steps() >= 1 && stopped.steps() < 100 * 57, stopped.toString());
            assertTrue(stopped.toString().contains("interrupted in epoch 1, " + stopped.steps() + " steps"),
                    stopped.toString());
            // The history's last row is the model where it stopped.
            assertEquals(model.loss(train), stopped.loss(), 1e-6);
            assertNotEquals(model.loss(theta0, train.features(model.dataType()), train.labels()), stopped.loss());
        }
        Training whole = Trainer.adam(1e-3).epochs(2).train(Classifier.mlp(train, 8).seed(1).build(), train);
        assertFalse(whole.interrupted());
        assertTrue(whole.toString().startsWith("adam (lr 0.001): 2 epochs, 114 steps"), whole.toString());
    }

    @Test
    void aDivergedTrainingIsSaidOnce() {
        Dataset iris = Datasets.iris().standardized();
        for (double rate : new double[] {1e30, 1e300}) { // a huge loss, then NaN
            Training[] t = new Training[1];
            String said = stderrOf(() -> t[0] = Trainer.sgd(rate).epochs(3)
                    .train(Classifier.softmaxRegression(iris).seed(1).build(), iris));
            assertTrue(rate == 1e300 ? Double.isNaN(t[0].loss()) : t[0].loss() > 1e20, t[0].toString());
            assertTrue(said.contains("the updates diverged; lower the learning rate (sgd(" + rate + "))"), said);
            assertEquals(1, said.lines().filter(l -> l.contains("diverged")).count(), said);
        }
        assertEquals("", stderrOf(() -> Trainer.sgd(0.1).epochs(3)
                .train(Classifier.softmaxRegression(iris).seed(1).build(), iris)),
                "a training that converges says nothing");
    }

    private static String stderrOf(Runnable call) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            call.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
