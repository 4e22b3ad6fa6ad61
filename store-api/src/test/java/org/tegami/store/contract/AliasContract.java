package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountDirectory;
import org.tegami.store.Alias;
import org.tegami.store.StoreError;

/** {@link AccountDirectory} aliases: normalised, validated, replaced whole, listed in order. */
public interface AliasContract extends StoreFixture {

    default AccountDirectory directory() {
        return store().accounts();
    }

    @Test
    default void anAliasIsStoredLowerCasedAndTrimmedAndFoundInAnyCase() {
        directory().putAlias("  Sales@Example.ORG ", List.of(" Alice@Example.org", "bob@EXAMPLE.net "));
        Alias expected = new Alias("sales@example.org", List.of("alice@example.org", "bob@example.net"));
        assertEquals(expected, directory().findAlias("SALES@example.org").orElseThrow());
        assertEquals(expected, directory().findAlias(" sales@example.org ").orElseThrow());
        assertTrue(directory().findAlias("sales@example.net").isEmpty());
        assertTrue(directory().findAlias("ales@example.org").isEmpty(), "found exactly, not by suffix");
    }

    @Test
    default void targetsKeepTheirOrderAndDuplicatesAreDropped() {
        directory().putAlias("team@example.org",
                List.of("zoe@example.org", "adam@example.org", "ZOE@example.org", "mia@example.com"));
        assertEquals(List.of("zoe@example.org", "adam@example.org", "mia@example.com"),
                directory().findAlias("team@example.org").orElseThrow().targets());
    }

    @Test
    default void puttingAnAliasAgainReplacesAllItsTargets() {
        directory().putAlias("team@example.org", List.of("a@example.org", "b@example.org", "c@example.org"));
        directory().putAlias("TEAM@example.org", List.of("d@example.org"));
        assertEquals(List.of(new Alias("team@example.org", List.of("d@example.org"))), directory().listAliases());
    }

    @Test
    default void aCatchAllIsTheDomainAlone() {
        directory().putAlias("@Example.ORG", List.of("postmaster@example.org"));
        Alias catchAll = directory().findAlias("@example.org").orElseThrow();
        assertTrue(catchAll.isCatchAll());
        assertTrue(directory().findAlias("anyone@example.org").isEmpty(), "findAlias does not resolve catch-alls");
    }

    @Test
    default void aliasesAreListedByAddress() {
        directory().putAlias("zz@example.org", List.of("a@example.org"));
        directory().putAlias("@example.org", List.of("b@example.org"));
        directory().putAlias("aa@example.org", List.of("c@example.org", "d@example.org"));
        directory().putAlias("aa@example.com", List.of("e@example.org"));
        assertEquals(List.of(
                new Alias("@example.org", List.of("b@example.org")),
                new Alias("aa@example.com", List.of("e@example.org")),
                new Alias("aa@example.org", List.of("c@example.org", "d@example.org")),
                new Alias("zz@example.org", List.of("a@example.org"))), directory().listAliases());
    }

    @Test
    default void deleteAliasRemovesItOnce() {
        directory().putAlias("team@example.org", List.of("a@example.org", "b@example.org"));
        directory().putAlias("other@example.org", List.of("a@example.org"));
        assertTrue(directory().deleteAlias("Team@Example.org"));
        assertFalse(directory().deleteAlias("team@example.org"));
        assertTrue(directory().findAlias("team@example.org").isEmpty());
        assertEquals(List.of("other@example.org"), directory().listAliases().stream().map(Alias::address).toList());
        directory().putAlias("team@example.org", List.of("c@example.org"));
        assertEquals(List.of("c@example.org"), directory().findAlias("team@example.org").orElseThrow().targets(),
                "no target of the deleted alias comes back");
    }

    @Test
    default void badAddressesAndTargetsAreRefusedWithoutChangingAnything() {
        directory().putAlias("team@example.org", List.of("a@example.org"));
        for (String address : List.of("", "  ", "team", "team@", "@", "te am@example.org", "team@example..org",
                "team@.example.org")) {
            assertFails(StoreError.Kind.CANNOT, () -> directory().putAlias(address, List.of("a@example.org")));
        }
        assertFails(StoreError.Kind.CANNOT, () -> directory().putAlias("team@example.org", List.of()));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        for (List<String> targets : List.of(List.of("b@example.org", "nobody"), List.of("@example.org"),
                List.of(""), List.of("b@"), withNull)) {
            assertFails(StoreError.Kind.CANNOT, () -> directory().putAlias("team@example.org", targets));
        }
        assertEquals(List.of(new Alias("team@example.org", List.of("a@example.org"))), directory().listAliases());
    }

    @Test
    default void deletingAnAccountKeepsTheAliasesThatNameIt() {
        var alice = alice();
        directory().putAlias("sales@example.org", List.of("alice@example.org", "bob@example.org"));
        directory().deleteAccount(alice.id());
        assertEquals(List.of("alice@example.org", "bob@example.org"),
                directory().findAlias("sales@example.org").orElseThrow().targets());
    }
}
