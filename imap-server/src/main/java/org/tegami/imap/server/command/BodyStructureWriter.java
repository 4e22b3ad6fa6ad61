package org.tegami.imap.server.command;

import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.message.BodyPart;
import org.tegami.message.Disposition;
import org.tegami.message.Parameter;

/** Writes BODY and BODYSTRUCTURE (RFC 9051 §7.5.2), the latter with extension data. */
final class BodyStructureWriter {
    private BodyStructureWriter() {
    }

    static void write(ResponseWriter w, BodyPart part, boolean extensible) {
        if (part.isMultipart()) {
            w.raw('(');
            if (part.parts().isEmpty()) {
                // body-type-mpart needs at least one part; a multipart with none shows an empty text part.
                w.raw("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)");
            }
            for (BodyPart child : part.parts()) {
                write(w, child, extensible);
            }
            w.space().string(part.subtype());
            if (extensible) {
                w.space();
                parameters(w, part.parameters());
                w.space();
                extension(w, part);
            }
            w.raw(')');
            return;
        }
        w.raw('(').string(part.type()).space().string(part.subtype()).space();
        parameters(w, part.parameters());
        w.space().nstring(part.contentId()).space().nstring(part.description()).space()
                .string(part.encoding() == null ? "7BIT" : part.encoding()).space().number(part.bodyOctets());
        if (part.isMessage()) {
            w.space();
            EnvelopeWriter.write(w, part.messageEnvelope());
            w.space();
            write(w, part.messageBody(), extensible);
            w.space().number(part.bodyLines());
        } else if ("text".equals(part.type())) {
            w.space().number(part.bodyLines());
        }
        if (extensible) {
            w.space().nstring(part.md5()).space();
            extension(w, part);
        }
        w.raw(')');
    }

    /** body-fld-dsp SP body-fld-lang SP body-fld-loc. */
    private static void extension(ResponseWriter w, BodyPart part) {
        Disposition disposition = part.disposition();
        if (disposition == null) {
            w.raw("NIL");
        } else {
            w.raw('(').string(disposition.type()).space();
            parameters(w, disposition.parameters());
            w.raw(')');
        }
        w.space();
        List<String> language = part.language();
        if (language.isEmpty()) {
            w.raw("NIL");
        } else if (language.size() == 1) {
            w.string(language.getFirst());
        } else {
            w.raw('(');
            for (int i = 0; i < language.size(); i++) {
                if (i > 0) {
                    w.space();
                }
                w.string(language.get(i));
            }
            w.raw(')');
        }
        w.space().nstring(part.location());
    }

    private static void parameters(ResponseWriter w, List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            w.raw("NIL");
            return;
        }
        w.raw('(');
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                w.space();
            }
            w.string(parameters.get(i).name()).space().string(parameters.get(i).value() == null
                    ? "" : parameters.get(i).value());
        }
        w.raw(')');
    }
}
