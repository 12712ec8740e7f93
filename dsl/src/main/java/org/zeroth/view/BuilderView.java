package org.zeroth.view;

import org.zeroth.Config;
import org.zeroth.RunBuilder;

/**
 * A builder left without its terminal ({@code zo.minimize(f).adam(1e-2)} at the end of a cell) shows what it would
 * run and the call that runs it, instead of a hash code: every builder of every method is a {@link RunBuilder}.
 */
final class BuilderView {
    private BuilderView() {
    }

    static void registerAll() {
        Views.register(RunBuilder.class, BuilderView::bundle);
    }

    static MimeBundle bundle(RunBuilder<?> builder) {
        Config plan = builder.plan();
        View view = View.titled(plan.label() + " on " + plan.get("objective") + ", not run yet")
                .line("call " + builder.terminal() + " to run")
                .table("configuration", RunView.configuration(plan));
        return MimeBundle.text(builder.toString()).with(MimeBundle.HTML, view.html());
    }
}
