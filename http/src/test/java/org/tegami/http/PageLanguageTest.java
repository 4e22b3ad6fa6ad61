package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageLanguageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL                      | ENGLISH",
        "''                        | ENGLISH",
        "ja                        | JAPANESE",
        "ja-JP                     | JAPANESE",
        "en                        | ENGLISH",
        "'ja, en;q=0.8'            | JAPANESE",
        "'en, ja;q=0.8'            | ENGLISH",
        "'en;q=0.3, ja;q=0.7'      | JAPANESE",
        "'fr, ja;q=0.2, en;q=0.1'  | JAPANESE",
        "'fr, de'                  | ENGLISH",
        "'ja;q=0, en;q=0.1'        | ENGLISH",
        "'*'                       | ENGLISH",
        "'ja;q=0, fr'              | ENGLISH",
        "'ja;q=nonsense'           | ENGLISH",
        "';;;'                     | ENGLISH",
    })
    void picksTheMostPreferredTranslation(String header, PageLanguage expected) {
        assertEquals(expected, PageLanguage.preferred(header));
    }
}
