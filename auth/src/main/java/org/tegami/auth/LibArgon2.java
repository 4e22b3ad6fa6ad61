package org.tegami.auth;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * Argon2 computed by the reference C implementation (libargon2, Debian package {@code libargon2-1}),
 * called through the Java foreign function API. It is the code Dovecot and most other servers hash with, and
 * about a third faster than the Java implementation at the same cost, which is what a login's latency and a
 * server's logins per second are bound by. The output is the same octets (RFC 9106), so hashes made by
 * either implementation verify with the other.
 */
public final class LibArgon2 implements Argon2Function {

    /** Where the library is looked for: the soname first (the dynamic linker's search path), then Debian's place. */
    private static final List<String> LIBRARY_NAMES = List.of(
            "libargon2.so.1", "/usr/lib/x86_64-linux-gnu/libargon2.so.1", "/usr/lib/aarch64-linux-gnu/libargon2.so.1");

    /** ARGON2_OK in argon2.h; any other return value is an error code. */
    private static final int ARGON2_OK = 0;

    /*
     * int argon2{i,id}_hash_raw(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism,
     *                           const void *pwd, size_t pwdlen, const void *salt, size_t saltlen,
     *                           void *hash, size_t hashlen);
     */
    private static final FunctionDescriptor HASH_RAW = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);

    private final MethodHandle argon2i;
    private final MethodHandle argon2id;

    private LibArgon2(MethodHandle argon2i, MethodHandle argon2id) {
        this.argon2i = argon2i;
        this.argon2id = argon2id;
    }

    /**
     * The library when this system has it and this JVM may call native code; empty otherwise (the caller then
     * uses {@link JavaArgon2}). The library stays loaded for the life of the JVM.
     */
    public static Optional<LibArgon2> load() {
        for (String name : LIBRARY_NAMES) {
            try {
                SymbolLookup library = SymbolLookup.libraryLookup(name, Arena.global());
                Linker linker = Linker.nativeLinker();
                Optional<MemorySegment> i = library.find("argon2i_hash_raw");
                Optional<MemorySegment> id = library.find("argon2id_hash_raw");
                if (i.isEmpty() || id.isEmpty()) {
                    continue;
                }
                return Optional.of(new LibArgon2(linker.downcallHandle(i.get(), HASH_RAW),
                        linker.downcallHandle(id.get(), HASH_RAW)));
            } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException e) {
                // Not there under this name, or native access is not allowed: try the next, then give up.
            }
        }
        return Optional.empty();
    }

    @Override
    public byte[] hash(Variant variant, byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pwd = arena.allocate(Math.max(1, password.length));
            MemorySegment.copy(password, 0, pwd, ValueLayout.JAVA_BYTE, 0, password.length);
            MemorySegment saltSegment = arena.allocate(salt.length);
            MemorySegment.copy(salt, 0, saltSegment, ValueLayout.JAVA_BYTE, 0, salt.length);
            MemorySegment out = arena.allocate(length);
            int result;
            try {
                result = (int) (variant == Variant.ARGON2I ? argon2i : argon2id).invokeExact(
                        cost.iterations(), cost.memoryKiB(), cost.lanes(),
                        pwd, (long) password.length, saltSegment, (long) salt.length, out, (long) length);
            } catch (Throwable e) {
                throw new IllegalStateException("libargon2 failed", e);
            } finally {
                // The password's copy outside the Java heap is overwritten before the memory is given back.
                pwd.fill((byte) 0);
            }
            if (result != ARGON2_OK) {
                // Parameters are bounds-checked before they get here; an error is a resource failure (memory).
                throw new IllegalStateException("libargon2 returned error " + result);
            }
            return out.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public String name() {
        return "libargon2 (native)";
    }
}
