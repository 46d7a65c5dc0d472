package org.teslaexporter.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A shared map whose values are sealed ({@link Seal}) before they leave this member: for what must
 * not travel in the clear (a set-up page session's form token, a login's PKCE verifier). Keys are not
 * sealed: they are digests or other names that give nothing away. A value that does not open (another
 * secret, or changed) is no value.
 */
final class SealedMap implements SharedMap {

    private static final Logger LOG = Logger.getLogger(SealedMap.class.getName());
    private final SharedMap raw;
    private final Seal seal;

    SealedMap(SharedMap raw, Seal seal) {
        this.raw = raw;
        this.seal = seal;
    }

    private Optional<String> open(Optional<String> sealed) {
        try {
            return sealed.map(seal::open);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.FINE, "a shared value that does not open is ignored", e);
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> get(String key) {
        return open(raw.get(key));
    }

    @Override
    public boolean put(String key, String value) {
        return raw.put(key, seal.close(value));
    }

    @Override
    public boolean put(String key, String value, Duration idle) {
        return raw.put(key, seal.close(value), idle);
    }

    @Override
    public void remove(String key) {
        raw.remove(key);
    }

    @Override
    public Optional<String> take(String key) {
        return open(raw.take(key));
    }

    /** The sealed value now is opened and compared; the swap is then on that very sealed value. */
    @Override
    public boolean replace(String key, String expected, String value) {
        Optional<String> now = raw.get(key);
        if (!open(now).equals(Optional.ofNullable(expected)) || now.isPresent() != (expected != null)) {
            return false;
        }
        return raw.replace(key, now.orElse(null), seal.close(value));
    }

    @Override
    public Map<String, String> all() {
        Map<String, String> all = new HashMap<>();
        raw.all().forEach((k, v) -> open(Optional.of(v)).ifPresent(open -> all.put(k, open)));
        return all;
    }
}
