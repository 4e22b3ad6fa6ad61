package org.tegami.message;

import java.util.List;

/** A Content-Disposition header: its type ({@code inline}, {@code attachment}…) and parameters in header order. */
public record Disposition(String type, List<Parameter> parameters) {
    public Disposition {
        parameters = List.copyOf(parameters);
    }
}
