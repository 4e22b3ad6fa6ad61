package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountId;
import org.tegami.store.Alias;
import org.tegami.store.AliasAddress;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxName;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxSpec;
import org.tegami.store.NewAccount;
import org.tegami.store.Quota;
import org.tegami.store.QuotaUsage;
import org.tegami.store.StoreError;

/**
 * Accounts, local domains and aliases in the {@code accounts}, {@code domains}, {@code aliases}, with
 * an array of targets per alias.
 */
final class PostgresAccountDirectory implements AccountDirectory {
    private static final String COLUMNS = "id, address, password_hash, created_at";

    private final Database db;
    private final Clock clock;

    PostgresAccountDirectory(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<Account> findAccount(String address) {
        String normalized = address.toLowerCase(Locale.ROOT);
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE address = ?")) {
                s.setString(1, normalized);
                return one(s);
            }
        });
    }

    @Override
    public Optional<Account> findAccount(AccountId id) {
        return db.read(c -> find(c, id.value()));
    }

    static Optional<Account> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE id = ?")) {
            s.setLong(1, id);
            return one(s);
        }
    }

    @Override
    public Account createAccount(String address, String passwordHash, List<MailboxSpec> initialMailboxes) {
        // Validate every name before touching the database, so a bad spec fails without side effects.
        List<MailboxSpec> specs = validated(initialMailboxes);
        Instant createdAt = Instant.ofEpochMilli(clock.millis());
        return db.write(tx -> insert(tx, address, passwordHash, specs, createdAt));
    }

    @Override
    public List<Account> createAccounts(List<NewAccount> accounts, Set<String> domains) {
        List<List<MailboxSpec>> specs = new ArrayList<>();
        for (NewAccount account : accounts) {
            specs.add(validated(account.initialMailboxes()));
        }
        List<String> normalizedDomains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).sorted().toList();
        Instant createdAt = Instant.ofEpochMilli(clock.millis());
        return db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "INSERT INTO domains (name) VALUES (?) ON CONFLICT DO NOTHING")) {
                for (String domain : normalizedDomains) {
                    s.setString(1, domain);
                    s.executeUpdate();
                }
            }
            List<Account> created = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                NewAccount account = accounts.get(i);
                created.add(insert(tx, account.address(), account.passwordHash(), specs.get(i), createdAt));
            }
            return List.copyOf(created);
        });
    }

    private static List<MailboxSpec> validated(List<MailboxSpec> initialMailboxes) {
        List<MailboxSpec> specs = new ArrayList<>();
        for (MailboxSpec spec : initialMailboxes) {
            specs.add(new MailboxSpec(MailboxName.validated(spec.name()), spec.specialUse()));
        }
        return specs;
    }

    /** Inserts one account with INBOX and its initial mailboxes; the change is published after commit. */
    private static Account insert(WriteTx tx, String address, String passwordHash, List<MailboxSpec> specs,
            Instant createdAt) throws SQLException {
        String normalized = address.toLowerCase(Locale.ROOT);
        Connection c = tx.connection();
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO accounts (address, password_hash, created_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING RETURNING id")) {
            s.setString(1, normalized);
            s.setString(2, passwordHash);
            s.setLong(3, createdAt.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreError(StoreError.Kind.ALREADY_EXISTS, "the address " + normalized + " is already taken");
                }
                id = rs.getLong(1);
            }
        }
        MailboxRow.insert(c, id, Mailbox.INBOX, specialUseOfInbox(specs), true);
        for (MailboxSpec spec : specs) {
            if (spec.name().equals(Mailbox.INBOX)) {
                continue;
            }
            Optional<MailboxRow> existing = MailboxRow.byName(c, id, spec.name());
            // A list naming a mailbox twice, or a parent after its child, is still a valid wish.
            if (existing.isEmpty() || !existing.get().selectable()) {
                MailboxTree.create(tx, id, spec.name(), spec.specialUse());
            }
        }
        tx.publish(new MailboxChange.MailboxListChanged(new AccountId(id)));
        return new Account(new AccountId(id), normalized, passwordHash, createdAt);
    }

    private static Set<org.tegami.store.SpecialUse> specialUseOfInbox(List<MailboxSpec> specs) {
        return specs.stream().filter(s -> s.name().equals(Mailbox.INBOX)).findFirst()
                .map(MailboxSpec::specialUse).orElse(Set.of());
    }

    /**
     * Replaces the hash and, when it changed, forgets the account's SCRAM credentials in the same
     * transaction, so SCRAM never keeps accepting an old password.
     */
    @Override
    public void updatePasswordHash(AccountId account, String passwordHash) {
        db.write(tx -> {
            Connection c = tx.connection();
            String old;
            try (PreparedStatement s = c.prepareStatement("SELECT password_hash FROM accounts WHERE id = ? FOR UPDATE")) {
                s.setLong(1, account.value());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                    }
                    old = rs.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE accounts SET password_hash = ? WHERE id = ?")) {
                s.setString(1, passwordHash);
                s.setLong(2, account.value());
                s.executeUpdate();
            }
            if (!old.equals(passwordHash)) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM scram_credentials WHERE account_id = ?")) {
                    s.setLong(1, account.value());
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Quota quota(AccountId account) {
        return db.read(c -> Quotas.effective(c, account.value()));
    }

    @Override
    public Optional<Quota> ownQuota(AccountId account) {
        return db.read(c -> Quotas.own(c, account.value()));
    }

    @Override
    public void setOwnQuota(AccountId account, Optional<Quota> quota) {
        db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "UPDATE accounts SET quota_storage = ?, quota_messages = ? WHERE id = ?")) {
                if (quota.isPresent()) {
                    s.setLong(1, quota.get().storageBytes());
                    s.setLong(2, quota.get().messages());
                } else {
                    s.setNull(1, java.sql.Types.BIGINT);
                    s.setNull(2, java.sql.Types.BIGINT);
                }
                s.setLong(3, account.value());
                if (s.executeUpdate() == 0) {
                    throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                }
            }
            return null;
        });
    }

    @Override
    public Quota defaultQuota() {
        return db.read(Quotas::defaultQuota);
    }

    @Override
    public void setDefaultQuota(Quota quota) {
        db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "UPDATE quota_default SET storage = ?, messages = ? WHERE id = 1")) {
                s.setLong(1, quota.storageBytes());
                s.setLong(2, quota.messages());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public QuotaUsage quotaUsage(AccountId account) {
        return db.read(c -> {
            Quotas.own(c, account.value());
            return Quotas.usage(c, account.value());
        });
    }

    @Override
    public boolean sentCopy(AccountId account) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT sent_copy FROM accounts WHERE id = ?")) {
                s.setLong(1, account.value());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                    }
                    return rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void setSentCopy(AccountId account, boolean enabled) {
        db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "UPDATE accounts SET sent_copy = ? WHERE id = ?")) {
                s.setBoolean(1, enabled);
                s.setLong(2, account.value());
                if (s.executeUpdate() == 0) {
                    throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                }
            }
            return null;
        });
    }

    @Override
    public List<Account> listAccounts() {
        return db.read(c -> {
            List<Account> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY address COLLATE \"C\"");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(read(rs));
                }
            }
            return result;
        });
    }

    @Override
    public void deleteAccount(AccountId account) {
        db.write(tx -> {
            Connection c = tx.connection();
            MailboxTree.lockAccount(c, account.value());
            // Aliases naming the address stay: an alias is configuration of its own, may list other
            // targets too, and mail to a target without an account is refused at delivery anyway.
            for (MailboxRow row : MailboxRow.ofAccount(c, account.value())) {
                MailboxTree.deleteRow(tx, row);
            }
            for (String sql : List.of("DELETE FROM subscriptions WHERE account_id = ?",
                    "DELETE FROM contents WHERE account_id = ?", "DELETE FROM accounts WHERE id = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setLong(1, account.value());
                    s.executeUpdate();
                }
            }
            tx.publish(new MailboxChange.MailboxListChanged(account));
            return null;
        });
    }

    @Override
    public boolean addDomain(String domain) {
        return updateDomain("INSERT INTO domains (name) VALUES (?) ON CONFLICT DO NOTHING", domain);
    }

    @Override
    public boolean deleteDomain(String domain) {
        return updateDomain("DELETE FROM domains WHERE name = ?", domain);
    }

    private boolean updateDomain(String sql, String domain) {
        String normalized = domain.toLowerCase(Locale.ROOT);
        return db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(sql)) {
                s.setString(1, normalized);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> listDomains() {
        return db.read(c -> {
            List<String> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM domains ORDER BY name COLLATE \"C\"");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
            return result;
        });
    }

    @Override
    public boolean isLocalDomain(String domain) {
        String normalized = domain.toLowerCase(Locale.ROOT);
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM domains WHERE name = ?")) {
                s.setString(1, normalized);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static Optional<Account> one(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static Account read(ResultSet rs) throws SQLException {
        return new Account(new AccountId(rs.getLong(1)), rs.getString(2), rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)));
    }

    @Override
    public void putAlias(String address, List<String> targets) {
        String key = AliasAddress.address(address);
        List<String> normalized = AliasAddress.targets(targets);
        db.write(tx -> {
            // One row holding the targets in order: a reader never sees a mix of old and new ones.
            try (PreparedStatement s = tx.connection().prepareStatement("INSERT INTO aliases (address, targets)"
                    + " VALUES (?, ?) ON CONFLICT (address) DO UPDATE SET targets = excluded.targets")) {
                s.setString(1, key);
                s.setArray(2, tx.connection().createArrayOf("text", normalized.toArray()));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean deleteAlias(String address) {
        String key = address.strip().toLowerCase(Locale.ROOT);
        return db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement("DELETE FROM aliases WHERE address = ?")) {
                s.setString(1, key);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Alias> findAlias(String address) {
        String key = address.strip().toLowerCase(Locale.ROOT);
        return db.read(c -> {
            List<Alias> found = aliases(c, " WHERE address = ?", key);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        });
    }

    @Override
    public List<Alias> listAliases() {
        return db.read(c -> aliases(c, "", null));
    }

    /** Aliases ordered by address (byte order, as SQLite orders text); {@code where} filters on the address. */
    private static List<Alias> aliases(Connection c, String where, String key) throws SQLException {
        List<Alias> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT address, targets FROM aliases" + where + " ORDER BY address COLLATE \"C\"")) {
            if (key != null) {
                s.setString(1, key);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Alias(rs.getString(1), List.of((String[]) rs.getArray(2).getArray())));
                }
            }
        }
        return result;
    }
}
