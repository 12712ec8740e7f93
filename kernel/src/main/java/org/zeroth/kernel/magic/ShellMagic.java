package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.List;

/**
 * {@code %%bash} and {@code %%sh} (the rest of the cell is the script) and {@code !command} (one line): run in the
 * cell by {@link Shell}, so output streams while it runs and an interrupt kills the command.
 */
public final class ShellMagic implements CellMagic<Object, BaseKernel>, LineMagic<Object, BaseKernel> {
    private final MagicHost host;
    private final String program;

    /** {@code program} is "bash" or "sh". */
    public ShellMagic(MagicHost host, String program) {
        this.host = host;
        this.program = program;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args, String body) {
        if (body.isBlank()) {
            throw new MagicUsageException("the cell below %%" + program + " is empty: write the commands there");
        }
        return runScript(body);
    }

    /** {@code !command}: the kernel passes the rest of the line as one raw argument. */
    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        String command = String.join(" ", args).strip();
        if (command.isEmpty()) {
            throw new MagicUsageException("usage: !COMMAND (a shell command after the '!')");
        }
        return runScript(command);
    }

    private Object runScript(String script) {
        host.run("org.zeroth.kernel.magic.Shell.run(" + literal(program) + ", " + literal(script) + ");",
                "%%" + program);
        return null;
    }

    /** A Java string literal for {@code s}: octal escapes for control characters (a \\u escape would be decoded early). */
    static String literal(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
