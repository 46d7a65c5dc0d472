package org.teslaexporter.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.auth.LoginTarget;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/** Invitation links: one use, a validity, only a digest on disk, and a login from one becomes an account of its own. */
class InvitationsTest {

    @TempDir
    Path data;

    private final Instant start = Instant.parse("2026-12-02T10:00:00Z");
    private Clock clock = Clock.fixed(start, ZoneOffset.UTC);

    private AccountRegistry registry() {
        Settings s = SettingsReader.read(name -> Optional.ofNullable(Map.of("DATA_DIR", data.toString(),
                "TOKEN_FILE_PATH", data.resolve("token.json").toString()).get(name)));
        return TestAccounts.registry(new ExporterConfig() {
            @Override
            public Settings settings() {
                return s;
            }
        }, null, event -> { });
    }

    private Invitations invitations(AccountRegistry registry) {
        Invitations i = new Invitations();
        i.accounts = registry;
        i.init(data.resolve("accounts").resolve(Invitations.FILE), Duration.ofMinutes(10), clock);
        return i;
    }

    @Test
    void aLinkWorksOnceAndItsLoginBecomesANamedAccountOfItsOwn() throws Exception {
        AccountRegistry registry = registry();
        Invitations invitations = invitations(registry);
        String link = invitations.create("Kid's Model 3", Duration.ofDays(1));
        assertThat(link).hasSize(43);
        assertThat(Files.readString(data.resolve("accounts").resolve(Invitations.FILE))).as("only a digest is kept")
                .doesNotContain(link).contains("Kid's Model 3");
        assertThat(invitations.check(link)).isEqualTo(Invitations.Check.VALID);
        assertThat(invitations.check(link + "x")).as("forged").isEqualTo(Invitations.Check.UNKNOWN);
        assertThat(invitations.check(null)).isEqualTo(Invitations.Check.UNKNOWN);

        assertThat(invitations.bind("state-1", link)).isTrue();
        assertThat(invitations.bind("state-2", link)).as("opened twice before logging in").isTrue();
        assertThat(invitations.target("state-admin")).as("the admin's own login").isEmpty();
        LoginTarget first = invitations.target("state-1").orElseThrow();
        String said = first.save("kid-sub", AccountRegistryTest.tokens(AccountRegistryTest.jwt("kid-sub"), "r-kid"));
        assertThat(said).startsWith("Your Tesla account is connected").doesNotContain("kid-sub", "token.json", "default");
        assertThat(registry.find("kid-sub").orElseThrow().name()).isEqualTo("Kid's Model 3");
        assertThat(invitations.check(link)).isEqualTo(Invitations.Check.USED);
        assertThat(invitations.list()).singleElement().satisfies(i -> assertThat(i.account()).isEqualTo("kid-sub"));

        LoginTarget second = invitations.target("state-2").orElseThrow();
        assertThatThrownBy(() -> second.save("stranger", AccountRegistryTest.tokens("x", "r-stranger")))
                .isInstanceOf(LoginTarget.Refused.class).hasMessageContaining("used already");
        assertThat(registry.find("stranger")).as("nothing saved").isEmpty();
        assertThat(invitations.bind("state-3", link)).isFalse();

        Invitations restarted = invitations(registry);
        assertThat(restarted.check(link)).as("a restart keeps the link used").isEqualTo(Invitations.Check.USED);
        registry.close();
    }

    @Test
    void aLinkExpiresAndALoginThatNamesNobodyNeverLandsInTheDefaultAccount() {
        AccountRegistry registry = registry();
        Invitations invitations = invitations(registry);
        String late = invitations.create("", Duration.ofHours(1));
        String anonymous = invitations.create("", Duration.ofHours(3));
        assertThat(invitations.bind("s-late", late)).isTrue();
        assertThat(invitations.bind("s-anon", anonymous)).isTrue();
        clock = Clock.fixed(start.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        invitations.init(data.resolve("accounts").resolve(Invitations.FILE), Duration.ofHours(3), clock);
        assertThat(invitations.check(late)).isEqualTo(Invitations.Check.EXPIRED);
        assertThat(invitations.check(anonymous)).as("survives the restart").isEqualTo(Invitations.Check.VALID);
        assertThat(invitations.bind("s-anon", anonymous)).isTrue();
        invitations.target("s-anon").orElseThrow().save(null, AccountRegistryTest.tokens("opaque", "r-anon"));
        assertThat(registry.accounts()).extracting(Account::id).singleElement().asString().startsWith("invited-")
                .isNotEqualTo(AccountRegistry.DEFAULT);
        assertThatThrownBy(() -> invitations.create("", Duration.ofDays(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> invitations.create("a\nb", Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        registry.close();
    }
}
