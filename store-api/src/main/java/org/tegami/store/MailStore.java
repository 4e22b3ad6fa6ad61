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

    /** Metadata entries of mailboxes and of the server (RFC 5464). */
    Annotations annotations();

    @Override
    void close();
}
