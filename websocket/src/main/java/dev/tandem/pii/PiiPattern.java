package dev.tandem.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A group's own pattern, in a small template language rather than a regular expression so that
 * no configuration can make matching slow: {@code 9} is a digit, {@code A} an ASCII letter,
 * {@code X} either, {@code \c} the character c, any other printable ASCII character itself. A match
 * is not preceded or followed by a letter or digit. Matching is at most length x text steps.
 */
public final class PiiPattern {

    /** The longest template accepted. */
    public static final int MAX_LENGTH = 64;
    /** The fewest digit or letter tokens a template must have (fewer would mask ordinary words). */
    public static final int MIN_CLASS_TOKENS = 4;
    /** The most patterns a group may have. */
    public static final int MAX_PATTERNS = 10;

    static final char DIGIT = 1;
    static final char LETTER = 2;
    static final char ALNUM = 3;

    private final char[] tokens;
    private final boolean[] literal;

    private PiiPattern(char[] tokens, boolean[] literal) {
        this.tokens = tokens;
        this.literal = literal;
    }

    /** The pattern, or empty when the template is not valid (callers fail closed on that). */
    public static Optional<PiiPattern> parse(String template) {
        if (template == null || template.isEmpty() || template.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        List<Character> tokens = new ArrayList<>();
        List<Boolean> literal = new ArrayList<>();
        int classes = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Optional.empty();
            }
            if (c == '\\') {
                if (++i == template.length() || template.charAt(i) < 0x20 || template.charAt(i) > 0x7e) {
                    return Optional.empty();
                }
                tokens.add(template.charAt(i));
                literal.add(true);
            } else if (c == '9' || c == 'A' || c == 'X') {
                tokens.add(c == '9' ? DIGIT : c == 'A' ? LETTER : ALNUM);
                literal.add(false);
                classes++;
            } else {
                tokens.add(c);
                literal.add(true);
            }
        }
        if (classes < MIN_CLASS_TOKENS) {
            return Optional.empty();
        }
        char[] t = new char[tokens.size()];
        boolean[] l = new boolean[tokens.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = tokens.get(i);
            l[i] = literal.get(i);
        }
        return Optional.of(new PiiPattern(t, l));
    }

    /** The end of a match starting at {@code start}, or -1. */
    int matchAt(String text, int start) {
        if (start > 0 && PiiDetector.isAlnum(text.charAt(start - 1)) || start + tokens.length > text.length()) {
            return -1;
        }
        for (int i = 0; i < tokens.length; i++) {
            char c = text.charAt(start + i);
            boolean ok = literal[i] ? c == tokens[i] : switch (tokens[i]) {
                case DIGIT -> PiiDetector.isDigit(c);
                case LETTER -> PiiDetector.isLetter(c);
                default -> PiiDetector.isAlnum(c);
            };
            if (!ok) {
                return -1;
            }
        }
        int end = start + tokens.length;
        return end < text.length() && PiiDetector.isAlnum(text.charAt(end)) ? -1 : end;
    }
}
