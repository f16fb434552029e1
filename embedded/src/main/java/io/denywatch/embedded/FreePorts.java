package io.denywatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free loopback ports for servers whose port must be known before they start, such as a KRaft node whose
 * quorum voters and advertised listener name its own ports.
 *
 * <p>The ports are free when returned; another process could still take one before the server binds it. On a
 * test machine that race is remote, and the servers fail fast with a bind error if it happens.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** Returns {@code count} distinct free ports on the loopback address. */
    static int[] pick(int count) {
        // Holding every socket open until all are chosen keeps the OS from handing out the same port twice.
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port was only probed; a failed close leaves nothing to clean up.
                }
            }
        }
    }
}
