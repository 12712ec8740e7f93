package org.zeroth.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeroth.kernel.exec.ExitGuard;
import org.zeroth.kernel.protocol.KernelConnection;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code java -jar zeroth-kernel.jar CONNECTION_FILE}: what the kernelspec runs. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar zeroth-kernel.jar CONNECTION_FILE");
            System.exit(2);
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        KernelLog.info("starting on Java " + System.getProperty("java.version") + ", " + props.getTransport() + "://"
                + props.getIp() + (isSigned(props) ? ", messages signed with " + props.getSignatureScheme() : ", UNSIGNED messages"));
        ExitGuard.install();
        ParentWatch.start(System.getenv("JPY_PARENT_PID"));
        ZerothKernel kernel = new ZerothKernel();
        KernelConnection connection = new KernelConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.onStartup();
        connection.waitUntilClose();
        KernelLog.info("shut down");
        // Cells may have left non-daemon threads (ND4J, executors): they must not keep the process alive.
        ExitGuard.allowExit();
        Runtime.getRuntime().halt(0);
    }

    private static boolean isSigned(KernelConnectionProperties props) {
        return props.getKey() != null && !props.getKey().isEmpty();
    }
}
