package org.tegami.server.doctor;

import java.util.ArrayList;
import java.util.List;

/** The results of one doctor run, in the order the checks ran. */
public final class Diagnosis {

    private final List<CheckResult> results = new ArrayList<>();

    public void add(CheckResult result) {
        results.add(result);
    }

    public List<CheckResult> results() {
        return List.copyOf(results);
    }

    /** True when no check failed; warnings do not count against it. */
    public boolean passed() {
        return results.stream().allMatch(CheckResult::passed);
    }
}
