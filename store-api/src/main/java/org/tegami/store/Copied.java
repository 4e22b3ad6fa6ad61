package org.tegami.store;

import java.util.List;

/**
 * The outcome of COPY or MOVE (RFC 4315 COPYUID): the destination's UIDVALIDITY and, pairwise, the
 * source UIDs that existed and were copied and the UIDs they got in the destination, ascending by source UID.
 */
public record Copied(UidValidity destinationValidity, List<Uid> sourceUids, List<Uid> destinationUids) {
    public Copied {
        sourceUids = List.copyOf(sourceUids);
        destinationUids = List.copyOf(destinationUids);
    }
}
