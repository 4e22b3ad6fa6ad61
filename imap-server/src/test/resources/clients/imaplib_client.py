"""Drives Tegami with Python's standard imaplib: IMAP4_SSL on the TLS port, IMAP4 + STARTTLS on the
cleartext port. Exits non-zero with a message on the first unexpected answer."""
import imaplib
import ssl
import sys

host, tls_port, plain_port, user, password, cafile = sys.argv[1:7]


def context():
    ctx = ssl.create_default_context(cafile=cafile)
    # The test certificate is issued to "localhost"; the connection goes to the loopback address.
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def expect(condition, what):
    if not condition:
        sys.exit("imaplib check failed: " + what)


messages = [
    b"From: Dave <dave@example.net>\r\nTo: alice@example.org\r\nSubject: imaplib %d\r\n"
    b"Message-ID: <imaplib-%d@example.net>\r\n\r\nBody number %d\r\n" % (i, i, i)
    for i in range(1, 4)
]

with imaplib.IMAP4_SSL(host, int(tls_port), ssl_context=context()) as imap:
    expect("IMAP4REV2" in imap.capabilities and "AUTH=PLAIN" in imap.capabilities, "capabilities over TLS")
    typ, _ = imap.login(user, password)
    expect(typ == "OK", "login")
    typ, data = imap.select("INBOX")
    expect(typ == "OK" and data[0] == b"0", "select empty INBOX")
    for i, m in enumerate(messages):
        typ, data = imap.append("INBOX", "(\\Flagged)" if i == 0 else None, None, m)
        expect(typ == "OK" and b"APPENDUID" in data[0], "append %d: %r" % (i, data))
    typ, data = imap.search(None, "ALL")
    expect(data[0].split() == [b"1", b"2", b"3"], "search all: %r" % data)
    typ, data = imap.fetch("2", "(RFC822)")
    expect(data[0][1] == messages[1], "fetch RFC822 byte-identical")
    typ, data = imap.search(None, "FLAGGED")
    expect(data[0] == b"1", "search flagged: %r" % data)
    typ, data = imap.store("2:3", "+FLAGS", "(\\Seen)")
    expect(typ == "OK", "store")
    typ, data = imap.search(None, "UNSEEN")
    expect(data[0] == b"1", "search unseen after fetch and store: %r" % data)
    typ, data = imap.search(None, 'SUBJECT "imaplib 3"')
    expect(data[0] == b"3", "search subject: %r" % data)
    typ, data = imap.uid("MOVE", "3", "Archive")
    expect(typ == "OK", "uid move: %r" % data)
    typ, data = imap.status("Archive", "(MESSAGES)")
    expect(b"MESSAGES 1" in data[0], "status after move: %r" % data)
    typ, data = imap.create("imaplib/child")
    expect(typ == "OK", "create")
    typ, data = imap.list('""', "imaplib*")
    expect(len(data) == 2, "list: %r" % data)
    typ, data = imap.delete("imaplib/child")
    expect(typ == "OK", "delete")
    typ, data = imap.fetch("1", "(BODYSTRUCTURE ENVELOPE)")
    expect(b"BODYSTRUCTURE" in data[0] and b"dave" in data[0], "bodystructure/envelope: %r" % data)
    imap.close()
    imap.logout()

with imaplib.IMAP4(host, int(plain_port)) as imap:
    expect("STARTTLS" in imap.capabilities and "LOGINDISABLED" in imap.capabilities, "cleartext capabilities")
    try:
        imap.login(user, password)
        sys.exit("imaplib check failed: login before STARTTLS was accepted")
    except imaplib.IMAP4.error:
        pass
    imap.starttls(ssl_context=context())
    expect("AUTH=PLAIN" in imap.capabilities, "capabilities after STARTTLS")
    typ, _ = imap.login(user, password)
    expect(typ == "OK", "login after STARTTLS")
    typ, data = imap.select("INBOX", readonly=True)
    expect(typ == "OK" and data[0] == b"2", "examine after STARTTLS: %r" % data)
    imap.logout()

print("imaplib OK")
