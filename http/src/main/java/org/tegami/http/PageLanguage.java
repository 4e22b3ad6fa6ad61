package org.tegami.http;

import java.util.List;
import java.util.Locale;

/** The language of the setup page, chosen from Accept-Language (RFC 9110 §12.5.4) among the translations. */
enum PageLanguage {
    ENGLISH("en"),
    JAPANESE("ja");

    private final String tag;

    PageLanguage(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    /**
     * The translation the client prefers most by q-value; English when it names neither, or the header is
     * absent or malformed. Ranges like {@code ja-JP} match {@code ja}; {@code q=0} excludes a language.
     */
    static PageLanguage preferred(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            // Sorted by weight, highest first.
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return ENGLISH;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue; // RFC 9110 §12.4.2: q=0 means "not acceptable"
            }
            String primary = range.getRange().split("-", 2)[0];
            for (PageLanguage language : values()) {
                if (language.tag.equals(primary)) {
                    return language;
                }
            }
        }
        return ENGLISH;
    }
}
