package org.teslaexporter.telemetry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for the MQTT client whose input refuses an MQTT packet larger than a limit
 * before the client reads it: the MQTT client reads a whole packet into memory, and a broker may
 * announce up to 256 MB. The stream follows the packets (fixed header, remaining length, body);
 * when a remaining length over the limit is announced it fails with {@link PacketTooLargeException},
 * the connection drops and is made again later, and nothing large was ever allocated.
 */
final class BoundedMqttSocketFactory extends SocketFactory {

    static final class PacketTooLargeException extends IOException {
        PacketTooLargeException(long length, int limit) {
            super("the MQTT broker sent a packet of " + length + " bytes, over the limit of " + limit);
        }
    }

    private final int limit;
    private final Runnable onTooLarge;

    BoundedMqttSocketFactory(int limit, Runnable onTooLarge) {
        this.limit = limit;
        this.onTooLarge = onTooLarge;
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            private InputStream in;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (in == null) {
                    in = new PacketGuard(super.getInputStream(), limit, onTooLarge);
                }
                return in;
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        return connect(createSocket(), remote, local);
    }

    /** {@code s} bound to {@code local} (if any) and connected to {@code remote}: the factories' connected sockets. */
    static Socket connect(Socket s, InetSocketAddress remote, InetSocketAddress local) throws IOException {
        if (local != null) {
            s.bind(local);
        }
        s.connect(remote);
        return s;
    }

    /** Follows MQTT packets byte by byte through headers, in bulk through bodies. */
    static final class PacketGuard extends FilterInputStream {
        private enum State { TYPE, LENGTH, BODY }

        private final int limit;
        private final Runnable onTooLarge;
        private State state = State.TYPE;
        private long length;
        private long multiplier;
        private int lengthBytes;
        private long remaining;

        PacketGuard(InputStream in, int limit, Runnable onTooLarge) {
            super(in);
            this.limit = limit;
            this.onTooLarge = onTooLarge;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                passed(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (state != State.BODY) {
                int b = read();
                if (b < 0) {
                    return -1;
                }
                buffer[offset] = (byte) b;
                return 1;
            }
            int n = super.read(buffer, offset, (int) Math.min(count, remaining));
            if (n > 0) {
                remaining -= n;
                if (remaining == 0) {
                    state = State.TYPE;
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int read = read(sink, 0, sink.length);
            return Math.max(read, 0);
        }

        private void passed(int b) throws IOException {
            switch (state) {
                case TYPE -> {
                    state = State.LENGTH;
                    length = 0;
                    multiplier = 1;
                    lengthBytes = 0;
                }
                case LENGTH -> {
                    length += (b & 0x7f) * multiplier;
                    multiplier *= 128;
                    lengthBytes++;
                    if ((b & 0x80) != 0) {
                        if (lengthBytes == 4) {
                            throw new IOException("malformed MQTT remaining length");
                        }
                        return;
                    }
                    if (length > limit) {
                        onTooLarge.run();
                        throw new PacketTooLargeException(length, limit);
                    }
                    remaining = length;
                    state = remaining == 0 ? State.TYPE : State.BODY;
                }
                case BODY -> {
                    if (--remaining == 0) {
                        state = State.TYPE;
                    }
                }
            }
        }
    }
}
