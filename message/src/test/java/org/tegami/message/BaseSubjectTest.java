package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaseSubjectTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Lunch plans|Lunch plans",
        "Re: Lunch plans|Lunch plans",
        "RE: re: Fwd: Lunch plans|Lunch plans",
        "Re[2]: Lunch plans|Lunch plans",
        "[tegami-dev] Re: Lunch plans|Lunch plans",
        "Re: [tegami-dev] Lunch plans|Lunch plans",
        "Lunch plans (fwd)|Lunch plans",
        "Lunch plans (fwd) (FWD)|Lunch plans",
        "[Fwd: Re: Lunch plans]|Lunch plans",
        "Fw:   Lunch \t  plans  |Lunch plans",
        "[no base]|[no base]",
        "Re:|''",
        "Reunion|Reunion",
    })
    void extractsTheBaseSubject(String subject, String base) {
        assertEquals(base, BaseSubject.of(subject));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Re: Lunch plans", "Fwd: Lunch plans", "[list] Re: Lunch plans", "Lunch plans (fwd)", "[Fwd: Lunch plans]",
        "Re[2]: Lunch plans",
    })
    void recognisesRepliesAndForwards(String subject) {
        assertTrue(BaseSubject.isReplyOrForward(subject));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Lunch plans", "[list] Lunch plans", "Reunion", "  Lunch plans", "[no base]"})
    void recognisesOriginalSubjects(String subject) {
        assertFalse(BaseSubject.isReplyOrForward(subject));
    }
}
