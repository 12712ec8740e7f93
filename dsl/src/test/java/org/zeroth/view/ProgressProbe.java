package org.zeroth.view;

/** Run in a child JVM by ProgressTest: whether a progress bar would be drawn here. */
public final class ProgressProbe {
    private ProgressProbe() {
    }

    public static void main(String[] args) {
        System.out.println("interactive=" + Progress.interactive());
    }
}
