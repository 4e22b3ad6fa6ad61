"""Drives METADATA (RFC 5464) with Python's standard imaplib, which has no METADATA methods: the commands go
through xatom as the capability allows. SETMETADATA with quoted values, GETMETADATA with DEPTH
and MAXSIZE (and its LONGENTRIES answer), NIL removal, a refused server /shared entry, and LIST ... RETURN (METADATA)
(RFC 9590). Exits non-zero on the
first unexpected answer."""
import imaplib
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


def metadata(imap):
    return imap.untagged_responses.pop("METADATA", [])


with imaplib.IMAP4_SSL(host, int(tls_port), ssl_context=context()) as imap:
    typ, _ = imap.login(user, password)
    expect(typ == "OK", "login")
    expect("METADATA" in imap.capabilities, "METADATA capability: %r" % (imap.capabilities,))

    typ, data = imap.xatom("SETMETADATA", "INBOX", '(/private/comment "from imaplib" /shared/vendor/example/a/b "deep")')
    expect(typ == "OK", "set: %r" % data)
    typ, data = imap.xatom("GETMETADATA", "INBOX", "/private/comment")
    expect(typ == "OK" and metadata(imap) == [b'INBOX (/private/comment "from imaplib")'], "get: %r" % data)

    typ, data = imap.xatom("SETMETADATA", "INBOX", '(/shared/comment "a shared comment")')
    expect(typ == "OK", "set shared: %r" % data)
    try:
        imap.xatom("GETMETADATA", "INBOX", "(DEPTH", "infinity)", "/shared")
        sys.exit("imaplib check failed: a scope alone is not an entry name, BAD expected")
    except imaplib.IMAP4.error as bad:  # imaplib raises on a tagged BAD
        expect("Invalid metadata entry name" in str(bad), "BAD for /shared: %s" % bad)
    typ, data = imap.xatom("GETMETADATA", "INBOX", "(DEPTH", "infinity)", "(/shared/comment /shared/vendor/example/a)")
    got = metadata(imap)
    expect(typ == "OK" and got == [b'INBOX (/shared/comment "a shared comment" /shared/vendor/example/a NIL'
                                   b' /shared/vendor/example/a/b "deep")'], "depth infinity: %r" % got)

    typ, data = imap.xatom("GETMETADATA", "INBOX", "(MAXSIZE", "5)", "(/shared/comment /shared/vendor/example/a/b)")
    got = metadata(imap)
    # imaplib files the tagged OK's response code under the same name as the untagged response.
    expect(typ == "OK" and got == [b'INBOX (/shared/vendor/example/a/b "deep")', b"LONGENTRIES 16"],
           "maxsize: %r %r" % (got, data))
    expect(data[-1].startswith(b"[METADATA LONGENTRIES 16]"), "longentries: %r" % data)

    typ, data = imap.xatom("SETMETADATA", "INBOX", "(/private/comment NIL)")
    expect(typ == "OK", "remove: %r" % data)
    typ, data = imap.xatom("GETMETADATA", "INBOX", "/private/comment")
    expect(metadata(imap) == [b"INBOX (/private/comment NIL)"], "removed")

    typ, data = imap.xatom("SETMETADATA", '""', '(/shared/admin "mailto:me@example.org")')
    expect(typ == "NO" and data[-1].startswith(b"[NOPERM]"), "server /shared is read-only: %r" % data)

    # LIST-METADATA (RFC 9590): the entries come with the LIST answer, NIL where a mailbox has none.
    expect("LIST-METADATA" in imap.capabilities, "LIST-METADATA capability")
    typ, data = imap.create("Listed")
    expect(typ == "OK", "create: %r" % data)
    typ, data = imap.xatom("SETMETADATA", "Listed", '(/private/color "green")')
    expect(typ == "OK", "set color: %r" % data)
    typ, data = imap.list('""', '"L*" RETURN (METADATA (/private/color /shared/comment))')
    got = metadata(imap)
    expect(typ == "OK" and data == [b'(\\HasNoChildren) "/" Listed']
           and got == [b'Listed (/private/color "green" /shared/comment NIL)'], "list-metadata: %r %r" % (data, got))
    print("imaplib metadata OK")
