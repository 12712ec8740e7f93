package org.zeroth.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceDocsTest {
    @Test
    void keysUseSimpleParameterTypesWithoutGenericsOrNames() {
        assertEquals("Zo.minimize(Objective)", SourceDocs.key("org.zeroth.optimize.Minimizer Zo.minimize(Objective f)"));
        assertEquals("Foo.bar(List,double[])",
                SourceDocs.key("java.util.Map<K, V> Foo.<T>bar(java.util.List<java.util.Map<T, V>> xs, double... ys)"));
        assertEquals("Cbo(Objective)", SourceDocs.key("Cbo(org.zeroth.Objective f)"));
        assertEquals("EstimatorOptions.withGaussianDirections(double)", SourceDocs.key(
                "B org.zeroth.estimate.EstimatorOptions<B extends org.zeroth.estimate.EstimatorOptions<B>>"
                        + ".withGaussianDirections(double h)"));
        assertEquals("Zo", SourceDocs.key("org.zeroth.Zo"));
    }

    @Test
    void theDslJarCarriesItsJavadoc() {
        SourceDocs docs = SourceDocs.dsl();
        assertTrue(docs.size() > 100, "documented DSL members found: " + docs.size());
        assertTrue(docs.javadoc("org.zeroth.optimize.Minimizer Zo.minimize(Objective f)").orElse("")
                .startsWith("Zeroth-order descent on f: choose an estimator, an update rule"));
        // Overloads are told apart by their parameter types.
        assertTrue(docs.javadoc("B RunBuilder.from(INDArray x0)").orElse("").startsWith("The start point"));
        assertTrue(docs.javadoc("B RunBuilder.within(double lo, double hi)").orElse("").startsWith("Keeps every evaluated point"));
        assertTrue(docs.javadoc("B org.zeroth.estimate.EstimatorOptions<B extends org.zeroth.estimate.EstimatorOptions<B>>"
                + ".withGaussianDirections(double h)").orElse("").contains("smoothing radius h"));
        assertTrue(docs.javadoc("B RunBuilder.nonexistent(int n)").isEmpty());
    }

    @Test
    void commentsReadAsPlainText() {
        assertEquals("Uses x -> 1 and Run.bestValue(), or the best value.\n\nNext: a < b",
                SourceDocs.plain("Uses {@code x -> 1} and {@link Run#bestValue()}, or {@link Run#bestValue() the best value}."
                        + "\n<p>\nNext: a &lt; b"));
        assertEquals("randn(RandomStream, DataType, long) with RandomStream.of(seed); see Tensors.norm(INDArray x) or"
                + " the norm", SourceDocs.plain("{@link #randn(RandomStream, DataType, long)} with"
                + " {@code RandomStream.of(seed)}; see {@link Tensors#norm(INDArray x)} or {@link #norm(INDArray) the norm}"));
        // javac keeps the space after each line's '*': lines start where the first does; code keeps its brackets
        assertEquals("A map,\nin order: Map<String, Repeats>\n\n- one\n- two", SourceDocs.plain(
                "A map,\n in order: {@code Map<String, Repeats>}\n <ul><li>one</li>\n <li>two</li></ul>"));
        assertTrue(SourceDocs.raw("Returns {@code int}.<p>More") && !SourceDocs.raw("Returns int. More: a < b"));
    }
}
