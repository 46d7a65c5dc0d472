package org.teslaexporter.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets for the MQTT client ({@code ssl://} broker URLs) whose decrypted input passes the same
 * packet guard as {@link BoundedMqttSocketFactory}'s plain ones: the guard must sit above TLS, where
 * the MQTT packets are, so each socket is the JDK's own {@link SSLSocket} with its input stream
 * wrapped. The MQTT client requires an {@link SSLSocketFactory} for {@code ssl://}; it creates an
 * unconnected socket, connects it, sets its parameters and starts the handshake, all of which go to
 * the JDK's socket unchanged.
 */
final class BoundedSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final int limit;
    private final Runnable onTooLarge;

    BoundedSslSocketFactory(SSLSocketFactory tls, int limit, Runnable onTooLarge) {
        this.tls = tls;
        this.limit = limit;
        this.onTooLarge = onTooLarge;
    }

    @Override
    public Socket createSocket() throws IOException {
        return new Guarded((SSLSocket) tls.createSocket(), limit, onTooLarge);
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return new Guarded((SSLSocket) tls.createSocket(s, host, port, autoClose), limit, onTooLarge);
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
        return BoundedMqttSocketFactory.connect(createSocket(), remote, local);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** The JDK's TLS socket, its input through the packet guard. */
    static final class Guarded extends SSLSocket {
        private final SSLSocket tls;
        private final int limit;
        private final Runnable onTooLarge;
        private InputStream in;

        Guarded(SSLSocket tls, int limit, Runnable onTooLarge) {
            this.tls = tls;
            this.limit = limit;
            this.onTooLarge = onTooLarge;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BoundedMqttSocketFactory.PacketGuard(tls.getInputStream(), limit, onTooLarge);
            }
            return in;
        }

        // --- everything else is the JDK socket's ---

        @Override
        public OutputStream getOutputStream() throws IOException {
            return tls.getOutputStream();
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            tls.connect(endpoint);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            tls.connect(endpoint, timeout);
        }

        @Override
        public void bind(SocketAddress bindpoint) throws IOException {
            tls.bind(bindpoint);
        }

        @Override
        public synchronized void close() throws IOException {
            tls.close();
        }

        @Override
        public boolean isConnected() {
            return tls.isConnected();
        }

        @Override
        public boolean isClosed() {
            return tls.isClosed();
        }

        @Override
        public boolean isBound() {
            return tls.isBound();
        }

        @Override
        public boolean isInputShutdown() {
            return tls.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return tls.isOutputShutdown();
        }

        @Override
        public InetAddress getInetAddress() {
            return tls.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return tls.getLocalAddress();
        }

        @Override
        public int getPort() {
            return tls.getPort();
        }

        @Override
        public int getLocalPort() {
            return tls.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return tls.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return tls.getLocalSocketAddress();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            tls.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws SocketException {
            return tls.getSoTimeout();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            tls.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return tls.getTcpNoDelay();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            tls.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return tls.getKeepAlive();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            tls.setSoLinger(on, linger);
        }

        @Override
        public int getSoLinger() throws SocketException {
            return tls.getSoLinger();
        }

        @Override
        public void shutdownInput() throws IOException {
            tls.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            tls.shutdownOutput();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return tls.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            tls.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return tls.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return tls.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            tls.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return tls.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return tls.getHandshakeSession();
        }

        @Override
        public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
            tls.addHandshakeCompletedListener(listener);
        }

        @Override
        public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
            tls.removeHandshakeCompletedListener(listener);
        }

        @Override
        public void startHandshake() throws IOException {
            tls.startHandshake();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            tls.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return tls.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            tls.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return tls.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            tls.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return tls.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            tls.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return tls.getEnableSessionCreation();
        }

        @Override
        public SSLParameters getSSLParameters() {
            return tls.getSSLParameters();
        }

        @Override
        public void setSSLParameters(SSLParameters params) {
            tls.setSSLParameters(params);
        }

        @Override
        public String getApplicationProtocol() {
            return tls.getApplicationProtocol();
        }

        @Override
        public String getHandshakeApplicationProtocol() {
            return tls.getHandshakeApplicationProtocol();
        }

        @Override
        public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, java.util.List<String>, String> selector) {
            tls.setHandshakeApplicationProtocolSelector(selector);
        }

        @Override
        public BiFunction<SSLSocket, java.util.List<String>, String> getHandshakeApplicationProtocolSelector() {
            return tls.getHandshakeApplicationProtocolSelector();
        }

        @Override
        public String toString() {
            return tls.toString();
        }
    }
}
