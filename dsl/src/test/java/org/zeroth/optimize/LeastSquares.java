package org.zeroth.optimize;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.FiniteSum;
import org.zeroth.Objective;
import org.zeroth.tensor.RandomStream;

/**
 * f(x) = (1/n) Σᵢ (aᵢᵀx − bᵢ)² with aᵢ ~ N(0, I) and bᵢ = aᵢᵀ1 + σεᵢ (seeded): the components disagree at the
 * minimizer (residuals of size σ), so mini-batch estimates stay noisy there. Counts its component calls itself.
 */
final class LeastSquares {
    final int n;
    final int d;
    final double[][] a;
    final double[] b;
    final AtomicLong calls = new AtomicLong();
    final FiniteSum f;

    LeastSquares(int n, int d, double sigma, long seed) {
        this.n = n;
        this.d = d;
        a = new double[n][d];
        b = new double[n];
        RandomStream r = RandomStream.of(seed);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = r.fork(i).gaussian(j);
                b[i] += a[i][j];
            }
            b[i] += sigma * r.fork(n + i).gaussian(0);
        }
        f = Objective.finiteSum(n, (i, x) -> {
            calls.incrementAndGet();
            return residual(i, x) * residual(i, x);
        });
    }

    double residual(int i, INDArray x) {
        double s = -b[i];
        for (int j = 0; j < d; j++) {
            s += a[i][j] * x.getDouble(j);
        }
        return s;
    }

    /** f(x) computed here, not through the components: not counted. */
    double loss(INDArray x) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += residual(i, x) * residual(i, x);
        }
        return s / n;
    }

    /** ∇f(x) = (2/n) Σᵢ aᵢ (aᵢᵀx − bᵢ). */
    double[] gradient(INDArray x) {
        double[] g = new double[d];
        for (int i = 0; i < n; i++) {
            double r = residual(i, x);
            for (int j = 0; j < d; j++) {
                g[j] += 2 * a[i][j] * r / n;
            }
        }
        return g;
    }

    /** The minimizer: the normal equations AᵀA x = Aᵀb by Gaussian elimination with partial pivoting. */
    double[] minimizer() {
        double[][] m = new double[d][d + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    m[j][k] += a[i][j] * a[i][k];
                }
                m[j][d] += a[i][j] * b[i];
            }
        }
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            for (int r = 0; r < d; r++) {
                if (r != c) {
                    double factor = m[r][c] / m[c][c];
                    for (int k = c; k <= d; k++) {
                        m[r][k] -= factor * m[c][k];
                    }
                }
            }
        }
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = m[j][d] / m[j][j];
        }
        return x;
    }
}
