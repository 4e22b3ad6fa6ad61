package org.tegami.imap.server.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The REFERENCES threading algorithm of RFC 5256 §4 and its REFS variant (draft-ietf-morg-inthread, as
 * Dovecot offers it): REFS threads by References alone, without grouping the remaining threads by base subject
 * (step 5), and orders the threads by their most recent message rather than by their first.
 */
public final class ReferencesThreads {
    private ReferencesThreads() {
    }

    /** THREAD=REFERENCES: messages in ascending sequence order. */
    public static List<ThreadNode> references(List<ThreadMessage> messages) {
        List<Container> roots = prune(link(messages));
        sort(roots, false);
        roots = groupBySubject(roots);
        sort(roots, false);
        return nodes(roots);
    }

    /** THREAD=REFS: messages in ascending sequence order. */
    public static List<ThreadNode> refs(List<ThreadMessage> messages) {
        List<Container> roots = prune(link(messages));
        sort(roots, true);
        return nodes(roots);
    }

    private static final class Container {
        ThreadMessage message;
        Container parent;
        final List<Container> children = new ArrayList<>();

        void adopt(Container child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }

        /** Whether this container is {@code other} or one of its ancestors: linking would make a loop. */
        boolean isAncestorOrSelf(Container other) {
            for (Container c = other; c != null; c = c.parent) {
                if (c == this) {
                    return true;
                }
            }
            return false;
        }

        /** The message whose date and subject stand for this container: its own, or a dummy's first child's. */
        ThreadMessage representative() {
            return message != null ? message : children.getFirst().representative();
        }
    }

    /** Steps 1 and 2: the id table, parent/child links from References or In-Reply-To, and the root set. */
    private static List<Container> link(List<ThreadMessage> messages) {
        Map<String, Container> ids = new HashMap<>();
        List<Container> all = new ArrayList<>();
        for (ThreadMessage m : messages) {
            Container self = m.messageId() == null ? null : ids.get(m.messageId());
            if (self == null || self.message != null) {
                // Step 1: a message without a Message-ID, or a duplicate of one already seen, gets a unique one:
                // a container nothing can refer to.
                self = new Container();
                all.add(self);
                if (m.messageId() != null && !ids.containsKey(m.messageId())) {
                    ids.put(m.messageId(), self);
                }
            }
            self.message = m;
            // Step 1(A): References, or without valid ones the first valid identifier of In-Reply-To.
            List<String> refs = !m.references().isEmpty() ? m.references()
                    : m.inReplyTo().isEmpty() ? List.of() : List.of(m.inReplyTo().getFirst());
            Container previous = null;
            for (String ref : refs) {
                Container current = ids.get(ref);
                if (current == null) {
                    current = new Container();
                    ids.put(ref, current);
                    all.add(current);
                }
                // Link each reference to the one before it, unless it already has a parent or it would loop.
                if (previous != null && current.parent == null && !current.isAncestorOrSelf(previous)) {
                    previous.adopt(current);
                }
                previous = current;
            }
            // Step 1(B): the last reference is this message's parent, replacing any link step 1(A) left,
            // unless that would make a loop.
            if (self.parent != null) {
                self.parent.children.remove(self);
                self.parent = null;
            }
            if (previous != null && !self.isAncestorOrSelf(previous)) {
                previous.adopt(self);
            }
        }
        List<Container> roots = new ArrayList<>();
        for (Container c : all) {
            if (c.parent == null) {
                roots.add(c);
            }
        }
        return roots;
    }

    /** Step 3: drop dummies without children, promote a dummy's children, except several into the root set. */
    private static List<Container> prune(List<Container> roots) {
        return prune(roots, null);
    }

    private static List<Container> prune(List<Container> siblings, Container parent) {
        List<Container> kept = new ArrayList<>();
        for (Container c : siblings) {
            List<Container> children = prune(new ArrayList<>(c.children), c);
            c.children.clear();
            c.children.addAll(children);
            if (c.message != null) {
                kept.add(c);
            } else if (!children.isEmpty()) {
                if (parent == null && children.size() > 1) {
                    kept.add(c);
                } else {
                    for (Container child : children) {
                        child.parent = parent;
                    }
                    kept.addAll(children);
                }
            }
        }
        return kept;
    }

    /** Step 5: threads whose roots share a base subject are merged. */
    private static List<Container> groupBySubject(List<Container> roots) {
        Map<String, Container> table = new HashMap<>();
        // Step 5(B, C): a dummy is preferred, then a message whose subject is not a reply or forward.
        for (Container c : roots) {
            String subject = c.representative().baseSubject();
            if (subject.isEmpty()) {
                continue;
            }
            Container old = table.get(subject);
            if (old == null || old.message != null && c.message == null
                    || old.message != null && c.message != null && old.message.replyOrForward()
                    && !c.message.replyOrForward()) {
                table.put(subject, c);
            }
        }
        List<Container> result = new ArrayList<>(roots);
        // Step 5(D): merge each other root into the table's container for its subject.
        for (Container c : roots) {
            String subject = c.representative().baseSubject();
            Container t = subject.isEmpty() ? c : table.get(subject);
            if (t == c || c.parent != null) {
                // The table's own container, or one an earlier merge already placed.
                continue;
            }
            if (t.message == null && c.message == null) {
                for (Container child : new ArrayList<>(c.children)) {
                    t.adopt(child);
                }
                result.remove(c);
            } else if (t.message == null) {
                t.adopt(c);
                result.remove(c);
            } else if (c.message == null) {
                c.adopt(t);
                result.remove(t);
                table.put(subject, c);
            } else if (!t.message.replyOrForward() && c.message.replyOrForward()) {
                t.adopt(c);
                result.remove(c);
            } else if (t.message.replyOrForward() && !c.message.replyOrForward()) {
                // Misordered: the original arrived with a later sent date than a reply to it.
                c.adopt(t);
                result.remove(t);
                table.put(subject, c);
            } else {
                // Both replies or both originals: siblings under a new dummy, not parent and child.
                Container dummy = new Container();
                result.set(result.indexOf(t), dummy);
                dummy.adopt(t);
                dummy.adopt(c);
                result.remove(c);
                table.put(subject, dummy);
            }
        }
        return result;
    }

    /**
     * Steps 4 and 6: every set of siblings by sent date (RFC 5256 §2.2, ties by sequence number), the deepest
     * first, a dummy by its first child. REFS orders the top level by each thread's most recent message.
     */
    private static void sort(List<Container> siblings, boolean byLatest) {
        for (Container c : siblings) {
            sort(c.children, false);
        }
        Comparator<Container> first = Comparator.comparing((Container c) -> c.representative().sent())
                .thenComparingInt(c -> c.representative().seq());
        if (!byLatest) {
            siblings.sort(first);
            return;
        }
        Map<Container, ThreadMessage> latest = new HashMap<>();
        for (Container c : siblings) {
            latest.put(c, latest(c, null));
        }
        siblings.sort(Comparator.comparing((Container c) -> latest.get(c).sent())
                .thenComparingInt(c -> latest.get(c).seq()));
    }

    private static ThreadMessage latest(Container c, ThreadMessage best) {
        if (c.message != null && (best == null || later(c.message, best))) {
            best = c.message;
        }
        for (Container child : c.children) {
            best = latest(child, best);
        }
        return best;
    }

    private static boolean later(ThreadMessage a, ThreadMessage b) {
        int byDate = a.sent().compareTo(b.sent());
        return byDate > 0 || byDate == 0 && a.seq() > b.seq();
    }

    private static List<ThreadNode> nodes(List<Container> containers) {
        List<ThreadNode> nodes = new ArrayList<>();
        for (Container c : containers) {
            nodes.add(new ThreadNode(c.message == null ? 0 : c.message.seq(), nodes(c.children)));
        }
        return nodes;
    }
}
