package dev.tandem.pii;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Finds payment card numbers, IBANs, US social security numbers and a group's own patterns in a
 * text, and masks each hit as the visitor script masks a field (every character that is not
 * white space becomes {@code *}). The rules, kept identical to {@code tripwire.js}:
 * <ul>
 * <li>card: 13 to 19 digits, whole groups of a run of digits separated by single spaces or dashes
 * (a run of more than 19 digits without separators is not looked into), a known issuer prefix
 * (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) and a valid Luhn check digit;
 * <li>IBAN: a country code with its registered length, two check digits, upper-case letters and
 * digits with single spaces allowed between them, and the ISO 13616 mod-97 check;
 * <li>SSN: {@code AAA-GG-SSSS} or with single spaces, area not 000, 666 or 900-999, group not 00,
 * serial not 0000 (nine bare digits are not taken: too many other numbers look like that);
 * <li>pattern: the group's {@link PiiPattern}s.
 * </ul>
 * Stateless and immutable; one instance per group's patterns.
 */
public final class PiiDetector {

    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();

    private final List<PiiPattern> patterns;

    public PiiDetector(List<PiiPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The text masked, and what was found (empty when nothing: the same text instance is returned). */
    public PiiScan scan(String text) {
        if (!mayHold(text)) {
            return new PiiScan(text, Map.of());
        }
        Hits hit = new Hits();
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        cards(text, hit, counts);
        ibans(text, hit, counts);
        ssns(text, hit, counts);
        for (PiiPattern pattern : patterns) {
            for (int i = 0; i < text.length(); i++) {
                int end = pattern.matchAt(text, i);
                if (end > 0) {
                    i = mark(hit, i, end, PiiKind.PATTERN, counts) ? end - 1 : i;
                }
            }
        }
        if (counts.isEmpty()) {
            return new PiiScan(text, Map.of());
        }
        StringBuilder masked = new StringBuilder(text);
        for (int r = 0; r < hit.size; r += 2) {
            for (int i = hit.ranges[r]; i < hit.ranges[r + 1]; i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    masked.setCharAt(i, '*');
                }
            }
        }
        return new PiiScan(masked.toString(), counts);
    }

    /**
     * Cheap pre-check: the built-in detectors all need at least four digits in a row or close
     * together, a pattern at least four letters or digits; texts with fewer are passed at once.
     */
    private boolean mayHold(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isDigit(c) || !patterns.isEmpty() && isLetter(c)) {
                if (++run >= 4) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    /** The ranges found so far, as start and end pairs: hits are rare, so nothing the size of the text is allocated. */
    private static final class Hits {
        int[] ranges = new int[8];
        int size;
    }

    /** Marks [start, end) unless it overlaps an earlier hit; true if marked. */
    private static boolean mark(Hits hit, int start, int end, PiiKind kind, Map<PiiKind, Integer> counts) {
        for (int r = 0; r < hit.size; r += 2) {
            if (start < hit.ranges[r + 1] && hit.ranges[r] < end) {
                return false;
            }
        }
        if (hit.size == hit.ranges.length) {
            hit.ranges = java.util.Arrays.copyOf(hit.ranges, hit.size * 2);
        }
        hit.ranges[hit.size++] = start;
        hit.ranges[hit.size++] = end;
        counts.merge(kind, 1, Integer::sum);
        return true;
    }

    // --- cards

    private static void cards(String text, Hits hit, Map<PiiKind, Integer> counts) {
        int n = text.length();
        int i = 0;
        int[] starts = new int[8];
        int[] ends = new int[8];
        while (i < n) {
            if (!isDigit(text.charAt(i)) || continuesRun(text, i)) {
                i++;
                continue;
            }
            int groups = 0;
            int j = i;
            while (true) {
                int s = j;
                while (j < n && isDigit(text.charAt(j))) {
                    j++;
                }
                if (groups == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, groups * 2);
                    ends = java.util.Arrays.copyOf(ends, groups * 2);
                }
                starts[groups] = s;
                ends[groups++] = j;
                if (j + 1 < n && isCardSeparator(text.charAt(j)) && isDigit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            for (int g = 0; g < groups; g++) {
                int digits = 0;
                int found = -1;
                for (int h = g; h < groups && digits <= 19; h++) {
                    digits += ends[h] - starts[h];
                    if (digits >= 13 && digits <= 19 && isCard(text, starts, ends, g, h)) {
                        found = h; // keep going: the longest valid one wins
                    }
                }
                if (found >= 0 && mark(hit, starts[g], ends[found], PiiKind.CARD, counts)) {
                    g = found;
                }
            }
            i = j;
        }
    }

    /** The digit at i continues a run to its left (a digit, or a separator after a digit). */
    private static boolean continuesRun(String text, int i) {
        return i > 0 && (isDigit(text.charAt(i - 1))
                || i > 1 && isCardSeparator(text.charAt(i - 1)) && isDigit(text.charAt(i - 2)));
    }

    private static boolean isCard(String text, int[] starts, int[] ends, int from, int to) {
        StringBuilder digits = new StringBuilder(19);
        for (int g = from; g <= to; g++) {
            digits.append(text, starts[g], ends[g]);
        }
        return knownIssuer(digits) && luhn(digits);
    }

    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro issuer prefixes. */
    static boolean knownIssuer(CharSequence digits) {
        int two = Integer.parseInt(digits.subSequence(0, 2).toString());
        int three = Integer.parseInt(digits.subSequence(0, 3).toString());
        int four = Integer.parseInt(digits.subSequence(0, 4).toString());
        return digits.charAt(0) == '4'
                || two >= 51 && two <= 55 || four >= 2221 && four <= 2720
                || two == 34 || two == 37
                || four == 6011 || three >= 644 && three <= 649 || two == 65
                || four >= 3528 && four <= 3589
                || three >= 300 && three <= 305 || two == 36 || two == 38 || two == 39
                || two == 62
                || two == 50 || two >= 56 && two <= 69;
    }

    // --- IBANs

    private static void ibans(String text, Hits hit, Map<PiiKind, Integer> counts) {
        int n = text.length();
        for (int i = 0; i + 4 <= n; i++) {
            if (!isUpper(text.charAt(i)) || !isUpper(text.charAt(i + 1)) || !isDigit(text.charAt(i + 2))
                    || !isDigit(text.charAt(i + 3)) || i > 0 && isAlnum(text.charAt(i - 1))) {
                continue;
            }
            Integer length = IBAN_LENGTHS.get(text.substring(i, i + 2));
            if (length == null) {
                continue;
            }
            StringBuilder compact = new StringBuilder(length);
            int j = i;
            while (j < n && compact.length() < length) {
                char c = text.charAt(j);
                if (isUpper(c) || isDigit(c)) {
                    compact.append(c);
                    j++;
                } else if (c == ' ' && compact.length() > 0 && j + 1 < n && (isUpper(text.charAt(j + 1)) || isDigit(text.charAt(j + 1)))) {
                    j++;
                } else {
                    break;
                }
            }
            if (compact.length() == length && (j == n || !isAlnum(text.charAt(j))) && mod97(compact) == 1
                    && mark(hit, i, j, PiiKind.IBAN, counts)) {
                i = j - 1;
            }
        }
    }

    static int mod97(CharSequence iban) {
        int rest = 0;
        for (int k = 0; k < iban.length(); k++) {
            char c = iban.charAt((k + 4) % iban.length());
            if (isDigit(c)) {
                rest = (rest * 10 + (c - '0')) % 97;
            } else {
                rest = (rest * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return rest;
    }

    // --- US social security numbers

    private static void ssns(String text, Hits hit, Map<PiiKind, Integer> counts) {
        int n = text.length();
        for (int i = 0; i + 11 <= n; i++) {
            char sep = text.charAt(i + 3);
            if ((sep != '-' && sep != ' ') || text.charAt(i + 6) != sep || !digits(text, i, 3) || !digits(text, i + 4, 2)
                    || !digits(text, i + 7, 4)
                    || i > 0 && (isDigit(text.charAt(i - 1)) || i > 1 && text.charAt(i - 1) == sep && isDigit(text.charAt(i - 2)))) {
                continue; // part of a longer number written with the same separator
            }
            int end = i + 11;
            if (end < n && (isDigit(text.charAt(end)) || text.charAt(end) == sep && end + 1 < n && isDigit(text.charAt(end + 1)))) {
                continue;
            }
            int area = Integer.parseInt(text.substring(i, i + 3));
            if (area == 0 || area == 666 || area >= 900 || text.startsWith("00", i + 4) || text.startsWith("0000", i + 7)) {
                continue;
            }
            if (mark(hit, i, end, PiiKind.SSN, counts)) {
                i = end - 1;
            }
        }
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // --- characters (ASCII only: the browser version reads the same)

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLetter(char c) {
        return isUpper(c) || c >= 'a' && c <= 'z';
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    private static boolean isCardSeparator(char c) {
        return c == ' ' || c == '-' || c == '\u00a0';
    }

    private static Map<String, Integer> ibanLengths() {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29"
                + " ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20"
                + " LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25"
                + " QA29 RO24 RS22 SA24 SC31 SD18 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        Map<String, Integer> lengths = new java.util.HashMap<>();
        for (String entry : table.split(" ")) {
            lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        return Map.copyOf(lengths);
    }
}
