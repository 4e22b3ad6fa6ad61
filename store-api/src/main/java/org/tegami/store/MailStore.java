package org.tegami.store;

/** A storage backend: the entry point that servers are given, one per process. */
public interface MailStore extends AutoCloseable {

    AccountDirectory accounts();

    AccountStore mailboxes();

    MessageStore messages();

    BlobStore blobs();

    ChangeFeed changes();

    MailQueue queue();

    AppPasswords appPasswords();

    Blocklist blocklist();

    ScramCredentials scram();

    @Override
    void close();
}
