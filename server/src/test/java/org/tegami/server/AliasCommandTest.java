package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.Alias;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;

/** {@code tegami alias add|list|del}, in-process against a data directory in a temp dir. */
class AliasCommandTest {

    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty());
        int status = Main.run(args, terminal, SqliteMailStore::open);
        return new Result(status, out.toString(), err.toString());
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    @Test
    void addCreatesTheAliasAndItsDomainAndSaysSo() {
        Result added = run("alias", "add", "Sales@Example.COM", "alice@example.com", "bob@remote.example",
                "--data", data());
        assertEquals(0, added.status(), added.err());
        assertEquals(List.of("added local domain example.com",
                "added alias sales@example.com -> alice@example.com, bob@remote.example"), added.lines());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertEquals(Optional.of(new Alias("sales@example.com", List.of("alice@example.com", "bob@remote.example"))),
                    store.accounts().findAlias("sales@example.com"));
            assertTrue(store.accounts().isLocalDomain("example.com"));
        }
    }

    @Test
    void addToAnExistingAliasAddsTargetsAndListShowsEveryAlias() {
        run("alias", "add", "sales@example.com", "alice@example.com", "--data", data());
        Result updated = run("alias", "add", "sales@example.com", "carol@example.com", "alice@example.com",
                "--data", data());
        assertEquals(0, updated.status(), updated.err());
        assertEquals(List.of("updated alias sales@example.com -> alice@example.com, carol@example.com"),
                updated.lines());
        Result catchAll = run("alias", "add", "@Example.com", "postmaster@example.com", "--data", data());
        assertEquals(List.of("added alias @example.com -> postmaster@example.com"), catchAll.lines());

        assertEquals(List.of("@example.com -> postmaster@example.com",
                        "sales@example.com -> alice@example.com, carol@example.com"),
                run("alias", "list", "--data", data()).lines());
    }

    @Test
    void delRemovesAnAliasAndRefusesAnUnknownOne() {
        run("alias", "add", "@example.com", "alice@example.com", "--data", data());
        Result deleted = run("alias", "del", "@EXAMPLE.com", "--data", data());
        assertEquals(0, deleted.status(), deleted.err());
        assertEquals(List.of("deleted alias @example.com"), deleted.lines());
        assertEquals(List.of(), run("alias", "list", "--data", data()).lines());

        Result unknown = run("alias", "del", "@example.com", "--data", data());
        assertEquals(1, unknown.status());
        assertEquals("tegami: alias @example.com does not exist\n", unknown.err());
    }

    @Test
    void refusesBadAddressesAnAccountsAddressAndAnAliasToItself() {
        Result badAlias = run("alias", "add", "not-an-address", "alice@example.com", "--data", data());
        assertEquals(1, badAlias.status());
        assertTrue(badAlias.err().startsWith("tegami: 'not-an-address' is not an e-mail address"), badAlias.err());
        assertTrue(badAlias.err().contains("@domain for a catch-all"), badAlias.err());

        Result badTarget = run("alias", "add", "a@example.com", "@example.com", "--data", data());
        assertEquals(1, badTarget.status());
        assertTrue(badTarget.err().startsWith("tegami: target '@example.com'"), badTarget.err());

        Result noTarget = run("alias", "add", "a@example.com", "--data", data());
        assertEquals(1, noTarget.status());
        assertTrue(noTarget.err().contains("TARGET"), noTarget.err());

        Result loop = run("alias", "add", "a@example.com", "A@example.com", "--data", data());
        assertEquals("tegami: alias a@example.com cannot point at itself\n", loop.err());

        run("user", "add", "alice@example.com", "--data", data());
        Result account = run("alias", "add", "alice@example.com", "bob@example.com", "--data", data());
        assertEquals(1, account.status());
        assertEquals("tegami: alice@example.com is an account; an alias with its address would never be used\n",
                account.err());
        assertEquals(1, run("alias", "list", "--data", tmp.resolve("missing").toString()).status());
    }
}
