package org.zeroth.course;

import org.zeroth.view.Html;
import org.zeroth.view.MimeBundle;
import org.zeroth.view.Displayable;

/** A passed exercise check: what was checked, shown in green in a notebook. A failed check throws instead. */
public record Check(String exercise, String feedback) implements Displayable {

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(toString()).with(MimeBundle.HTML, "<div style=\"color:#1a7f37\">✓ <b>"
                + Html.escape(exercise) + "</b>: " + Html.escape(feedback) + "</div>");
    }

    @Override
    public String toString() {
        return "✓ " + exercise + ": " + feedback;
    }
}
