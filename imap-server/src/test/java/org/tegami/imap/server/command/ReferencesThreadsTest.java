package org.tegami.imap.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.tegami.message.BaseSubject;

class ReferencesThreadsTest {

    /** A message sent on day {@code day}; {@code id} and the references are bare local parts ("a" = "<a@x>"). */
    private static ThreadMessage m(int seq, String id, String refs, String inReplyTo, int day, String subject) {
        return new ThreadMessage(seq, id == null ? null : "<" + id + "@x>", ids(refs), ids(inReplyTo),
                Instant.parse("2026-03-01T00:00:00Z").plusSeconds(86_400L * day),
                BaseSubject.of(subject).toUpperCase(Locale.ROOT), BaseSubject.isReplyOrForward(subject));
    }

    private static List<String> ids(String refs) {
        return refs == null || refs.isEmpty() ? List.of()
                : Arrays.stream(refs.split(" ")).map(r -> "<" + r + "@x>").toList();
    }

    /** The THREAD response syntax of RFC 5256 §5, with sequence numbers, to compare whole results at once. */
    private static String render(List<ThreadNode> threads) {
        StringBuilder sb = new StringBuilder();
        for (ThreadNode t : threads) {
            sb.append('(');
            members(sb, t);
            sb.append(')');
        }
        return sb.toString();
    }

    private static void members(StringBuilder sb, ThreadNode node) {
        if (!node.dummy()) {
            sb.append(node.seq());
            if (node.children().size() == 1) {
                sb.append(' ');
                members(sb, node.children().getFirst());
                return;
            }
            if (node.children().isEmpty()) {
                return;
            }
            sb.append(' ');
        }
        for (ThreadNode child : node.children()) {
            sb.append('(');
            members(sb, child);
            sb.append(')');
        }
    }

    @Test
    void linksRepliesByReferences() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 1, "plan"),
                m(2, "b", "a", "a", 2, "Re: plan"),
                m(3, "c", "a b", "b", 3, "Re: plan"),
                m(4, "d", "a", null, 4, "Re: plan"),
                m(5, "e", null, null, 0, "other"));
        assertEquals("(5)(1 (2 3)(4))", render(ReferencesThreads.references(ms)));
        assertEquals("(5)(1 (2 3)(4))", render(ReferencesThreads.refs(ms)));
    }

    @Test
    void usesTheFirstInReplyToIdentifierWithoutReferences() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 1, "one"),
                m(2, "b", null, "a c", 2, "two"));
        assertEquals("(1 2)", render(ReferencesThreads.references(ms)));
    }

    @Test
    void keepsADummyForAMissingParentOfSeveralTopLevelMessages() {
        List<ThreadMessage> ms = List.of(
                m(1, "b", "gone", null, 3, "x"),
                m(2, "c", "gone", null, 2, "y"),
                m(3, "d", "gone2", null, 1, "z"));
        // RFC 5256 §4 step 3(B): one child of a dummy is promoted to the top; several stay under it.
        assertEquals("(3)((2)(1))", render(ReferencesThreads.references(ms)));
    }

    @Test
    void promotesTheChildrenOfAMissingMessageInsideAThread() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 1, "x"),
                m(2, "c", "a gone", null, 2, "y"),
                m(3, "d", "a gone", null, 3, "z"));
        assertEquals("(1 (2)(3))", render(ReferencesThreads.references(ms)));
    }

    @Test
    void refusesLinksThatWouldMakeALoop() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", "b", null, 1, "x"),
                m(2, "b", "a", null, 2, "y"),
                m(3, "c", "c", null, 3, "z"),
                m(4, "d", "e d f e", null, 4, "w"));
        assertEquals("(2 1)(3)(4)", render(ReferencesThreads.references(ms)));
    }

    @Test
    void givesDuplicateAndMissingMessageIdsUniqueOnes() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 1, "x"),
                m(2, "a", null, null, 2, "y"),
                m(3, "b", "a", null, 3, "z"),
                m(4, null, "b", null, 4, "w"),
                m(5, null, null, null, 5, "v"));
        assertEquals("(1 3 4)(2)(5)", render(ReferencesThreads.references(ms)));
    }

    @Test
    void theMessageItselfDecidesItsParent() {
        // Message 1's References make "b" a child of "a"; message 2 (b) names "q" as its parent, which wins.
        List<ThreadMessage> ms = List.of(
                m(1, "c", "a b", null, 3, "x"),
                m(2, "b", "q", null, 2, "y"),
                m(3, "a", null, null, 1, "z"));
        assertEquals("(3)(2 1)", render(ReferencesThreads.references(ms)));
    }

    @Test
    void mergesThreadsByBaseSubjectForReferencesOnly() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 2, "Re: beta"),
                m(2, "b", null, null, 3, "beta"),
                m(3, "c", null, null, 1, "Re: gamma"),
                m(4, "d", null, null, 4, "Fwd: gamma"),
                m(5, "e", null, null, 5, "delta"),
                m(6, "f", "e", null, 6, "Re: delta"),
                m(7, "g", null, null, 7, "Re: delta"),
                m(8, "h", null, null, 8, ""),
                m(9, "i", null, null, 9, ""));
        // beta: the original came later than the reply, so the reply moves under it; gamma: two replies become
        // siblings under a dummy; delta: a reply joins the original; empty subjects are never merged.
        assertEquals("((3)(4))(2 1)(5 (6)(7))(8)(9)", render(ReferencesThreads.references(ms)));
        assertEquals("(3)(1)(2)(4)(5 6)(7)(8)(9)",
                render(ReferencesThreads.refs(ms)));
    }

    @Test
    void refsOrdersThreadsByTheirMostRecentMessage() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 1, "old"),
                m(2, "b", null, null, 3, "middle"),
                m(3, "c", "a", null, 5, "Re: old"),
                m(4, "d", null, null, 3, "tie"));
        assertEquals("(1 3)(2)(4)", render(ReferencesThreads.references(ms)));
        assertEquals("(2)(4)(1 3)", render(ReferencesThreads.refs(ms)));
    }

    @Test
    void sortsSiblingsBySentDateThenSequence() {
        List<ThreadMessage> ms = List.of(
                m(1, "a", null, null, 1, "x"),
                m(2, "b", "a", null, 5, "y"),
                m(3, "c", "a", null, 5, "z"),
                m(4, "d", "a", null, 2, "w"));
        assertEquals("(1 (4)(2)(3))", render(ReferencesThreads.references(ms)));
    }

    @Test
    void threadsNothingToNothing() {
        assertEquals("", render(ReferencesThreads.references(List.of())));
        assertEquals("", render(ReferencesThreads.refs(List.of())));
    }
}
