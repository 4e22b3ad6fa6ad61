"""Drives CONDSTORE and QRESYNC (RFC 7162) with Python's standard imaplib, sending the extension's commands
raw: ENABLE QRESYNC, STORE (UNCHANGEDSINCE) with its MODIFIED answer, UID FETCH (CHANGEDSINCE .. VANISHED),
and EXAMINE (QRESYNC ..) of a client that was offline. Exits non-zero on the first unexpected answer."""
import imaplib
import re
import ssl
import sys

host, tls_port, user, password, cafile = sys.argv[1:6]


def context():
    ctx = ssl.create_default_context(cafile=cafile)
    # The test certificate is issued to "localhost"; the connection goes to the loopback address.
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def expect(condition, what):
    if not condition:
        sys.exit("imaplib check failed: " + what)


def connect():
    imap = imaplib.IMAP4_SSL(host, int(tls_port), ssl_context=context())
    typ, _ = imap.login(user, password)
    expect(typ == "OK", "login")
    return imap


def untagged(imap, name):
    return imap.untagged_responses.pop(name, [])


with connect() as phone:
    expect("CONDSTORE" in phone.capabilities and "QRESYNC" in phone.capabilities, "capabilities")
    typ, data = phone._simple_command("ENABLE", "QRESYNC")
    expect(typ == "OK" and untagged(phone, "ENABLED") == [b"QRESYNC"], "enable: %r" % data)
    for i in range(1, 5):
        typ, data = phone.append("INBOX", None, None, b"Subject: qresync %d\r\n\r\nbody\r\n" % i)
        expect(typ == "OK", "append %d" % i)
    typ, data = phone.select("INBOX")
    expect(typ == "OK" and data[0] == b"4", "select: %r" % data)
    modseq = int(untagged(phone, "HIGHESTMODSEQ")[0])
    uidvalidity = int(untagged(phone, "UIDVALIDITY")[0])

    with connect() as laptop:
        laptop.select("INBOX")
        expect(laptop.uid("STORE", "2", "+FLAGS", "(\\Flagged)")[0] == "OK", "laptop flags 2")
        expect(laptop.uid("STORE", "3", "+FLAGS", "(\\Deleted)")[0] == "OK", "laptop deletes 3")
        expect(laptop.expunge()[0] == "OK", "laptop expunges")

    phone.untagged_responses.clear()
    typ, data = phone._simple_command("UID", "STORE", "2", "(UNCHANGEDSINCE %d)" % modseq, "+FLAGS", "(\\Seen)")
    expect(typ == "OK" and data[-1].startswith(b"[MODIFIED 2]"), "conditional store: %r" % data)
    expect(untagged(phone, "VANISHED") == [b"3"], "VANISHED instead of EXPUNGE")
    # The laptop's change to message 2, which made the conditional STORE fail, arrives with UID and MODSEQ.
    update = untagged(phone, "FETCH")
    expect(len(update) == 1 and re.match(rb"^2 \(FLAGS \(\\Flagged \\Recent\) UID 2 MODSEQ \(\d+\)\)$", update[0]),
           "unsolicited flag change: %r" % update)
    typ, data = phone._simple_command("UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d VANISHED)" % modseq)
    expect(typ == "OK", "uid fetch changedsince: %r" % data)
    expect(untagged(phone, "VANISHED") == [b"(EARLIER) 3"], "vanished earlier")
    fetched = untagged(phone, "FETCH")
    expect(len(fetched) == 1 and re.match(rb"^2 \(UID 2 FLAGS \(\\Flagged \\Recent\) MODSEQ \(\d+\)\)$", fetched[0]),
           "changed since: %r" % fetched)

with connect() as tablet:
    tablet._simple_command("ENABLE", "QRESYNC")
    tablet.untagged_responses.clear()
    typ, data = tablet._simple_command("EXAMINE", "INBOX", "(QRESYNC (%d %d 1:4))" % (uidvalidity, modseq))
    expect(typ == "OK" and untagged(tablet, "READ-ONLY") == [b""], "examine qresync: %r" % data)
    expect(untagged(tablet, "EXISTS") == [b"3"], "three messages left")
    expect(untagged(tablet, "VANISHED") == [b"(EARLIER) 3"], "resync vanished")
    fetched = untagged(tablet, "FETCH")
    expect(len(fetched) == 1 and re.match(rb"^2 \(UID 2 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$", fetched[0]),
           "resync fetch: %r" % fetched)

print("imaplib qresync OK")
