package org.zeroth.tensor;

/** {@link FloatUpdates} in plain Java. */
final class ScalarFloatUpdates implements FloatUpdates {
    @Override
    public void axpy(double a, float[] x, float[] y, int count) {
        for (int k = 0; k < count; k++) {
            y[k] = (float) (y[k] + a * x[k]);
        }
    }

    @Override
    public void scale(float[] y, double factor, int count) {
        for (int k = 0; k < count; k++) {
            y[k] = (float) (y[k] * factor);
        }
    }
}
