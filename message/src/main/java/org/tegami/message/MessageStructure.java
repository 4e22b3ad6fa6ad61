package org.tegami.message;

import java.time.OffsetDateTime;

/**
 * What IMAP FETCH needs of a message without reading it again: its envelope, its MIME tree with byte
 * offsets, and the parsed Date header ({@code null} when absent or unparsable) for SENTBEFORE/SENTON/SENTSINCE
 * and sorting. Serialised with {@link StructureCodec} so a store can keep it beside the message.
 */
public record MessageStructure(Envelope envelope, BodyPart body, OffsetDateTime sentDate) {
}
