package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs real mail clients installed on the machine. A missing client skips its test with the reason,
 * except under CI ({@code CI=true}), where it fails: CI always exercises the real clients.
 */
final class ExternalClients {
    private ExternalClients() {
    }

    /** What a finished process printed. */
    record Result(int exitCode, String stdout, String stderr) {
        String both() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    static void require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        String reason = program + " is not installed (Debian package: " + program + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; CI must run every external client test");
        }
        Assumptions.abort(reason);
    }

    static Result run(List<String> command, Path workDir, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail(command.getFirst() + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
