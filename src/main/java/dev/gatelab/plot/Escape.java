package dev.gatelab.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one place where strings meet a page: JSON for a script (with &lt;, &gt;, &amp;, quotes and the line separators
 * escaped as \\u sequences, so no label can close the script or open a tag, whatever its case), and text for HTML.
 * Every chart's titles, labels and names go through here.
 */
public final class Escape {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes;

            {
                escapes = standardAsciiEscapesForJSON();
                for (char c : new char[] {'<', '>', '&', '\'', '"', '/'}) escapes[c] = ESCAPE_STANDARD;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public SerializableString getEscapeSequence(int ch) {
                return null; // only the ASCII table above, plus U+2028/9 which Jackson escapes itself below
            }
        });
    }

    private Escape() {}

    /**
     * A value as JSON that is safe inside a script element or an HTML attribute.
     *
     * @param value a string, number, array, list or map of them
     * @return its JSON, every character that could end a script or open a tag escaped
     */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart data could not be written as JSON", e);
        }
    }

    /**
     * Text as HTML: the five special characters as entities.
     *
     * @param text any text
     * @return the text, safe between tags and inside a quoted attribute
     */
    public static String html(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
