package org.zeroth;

/**
 * Run in a fresh JVM by {@link FreshJvmInterruptTest}: the first run of the JVM, interrupted before it starts, then
 * a second one whose objective interrupts itself. Prints "first|second reason evaluations flag" (flag: the thread's interrupt flag after the run).
 */
public final class InterruptProbe {
    private InterruptProbe() {
    }

    public static void main(String[] args) {
        String method = args[0];
        Objective sphere = x -> x.mul(x).sumNumber().doubleValue() + 1;
        Thread.currentThread().interrupt();
        Run first = EveryMethod.runs().get(method).apply(sphere);
        System.out.println("first " + first.stopReason() + " " + first.evaluations() + " " + Thread.interrupted());
        long[] calls = {0};
        Objective interrupting = x -> {
            if (++calls[0] == 5) {
                Thread.currentThread().interrupt();
            }
            return x.mul(x).sumNumber().doubleValue() + 1;
        };
        Run second = EveryMethod.runs().get(method).apply(interrupting);
        System.out.println("second " + second.stopReason() + " " + second.evaluations() + " " + Thread.interrupted());
    }
}
