package org.tegami.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server's memory as Linux reports it: the resident set (VmRSS of /proc/PID/status) of a process
 * and all its descendants, which for Dovecot is the master with its login, auth and imap processes;
 * and, for a Java server, the heap in use after a full collection, as {@code jcmd} reports it.
 */
final class ProcessMemory {

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
    private static final Pattern PSS = Pattern.compile("(?m)^Pss:\\s+(\\d+) kB");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcessMemory() {
    }

    /** The summed VmRSS of {@code pid} and its descendants, in MiB. */
    static double rssMiB(long pid) {
        long kib = 0;
        for (long p : tree(pid)) {
            try {
                Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(p), "status")));
                if (m.find()) {
                    kib += Long.parseLong(m.group(1));
                }
            } catch (IOException e) {
                // the process ended while being counted
            }
        }
        return kib / 1024.0;
    }

    /**
     * The summed proportional set size (Pss of /proc/PID/smaps_rollup) of {@code pid} and its
     * descendants, in MiB: pages shared by n processes count 1/n in each, so a server of many
     * processes is not charged its shared libraries once per process, as summed RSS does.
     */
    static double pssMiB(long pid) {
        long kib = 0;
        for (long p : tree(pid)) {
            try {
                Matcher m = PSS.matcher(Files.readString(Path.of("/proc", Long.toString(p), "smaps_rollup")));
                if (m.find()) {
                    kib += Long.parseLong(m.group(1));
                }
            } catch (IOException e) {
                // the process ended while being counted, or may not be read by this user
            }
        }
        return kib / 1024.0;
    }

    /** How many processes {@code pid} and its descendants are. */
    static int processes(long pid) {
        return tree(pid).size();
    }

    /**
     * The heap in use in MiB after a full collection ({@code jcmd PID GC.run}, then
     * {@code GC.heap_info}) of the first Java process of the tree, or empty when there is none.
     */
    static OptionalDouble javaHeapMiB(long pid) {
        for (long p : tree(pid)) {
            String command = ProcessHandle.of(p).flatMap(h -> h.info().command()).orElse("");
            if (!command.endsWith("/java")) {
                continue;
            }
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, Long.toString(p), "GC.run");
            Matcher m = HEAP_USED.matcher(run(jcmd, Long.toString(p), "GC.heap_info"));
            if (m.find()) {
                return OptionalDouble.of(Long.parseLong(m.group(1)) / 1024.0);
            }
        }
        return OptionalDouble.empty();
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** {@code pid} and every process below it, from the parent ids in /proc/N/stat. */
    private static List<Long> tree(long pid) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long parent = Long.parseLong(fields[1]);
                    children.computeIfAbsent(parent, k -> new ArrayList<>())
                            .add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException e) {
                    // the process ended while the list was read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        List<Long> result = new ArrayList<>();
        List<Long> todo = new ArrayList<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.removeLast();
            result.add(p);
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return result;
    }
}
