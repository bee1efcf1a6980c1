/*
 * Tandem PII tripwire (visitor side): finds payment card numbers, IBANs, US social security numbers
 * and the group's own patterns in any text the recording would carry, so that capture.js masks
 * them like a masked field before anything leaves the page. The same rules as the relay's
 * dev.tandem.pii.PiiDetector (websocket module); both are tested with test/pii-vectors.json.
 * Bundled in front of capture.js inside its wrapper (build.mjs): adds nothing to the page's globals.
 * Only the kind and the count of hits ever leave this file's callers, never a value or a position.
 */
var tandemTripwire = (function () {
  'use strict';

  var MAX_PATTERN_LENGTH = 64;
  var MIN_CLASS_TOKENS = 4;
  var MAX_PATTERNS = 10;
  var DIGIT = 1;
  var LETTER = 2;
  var ALNUM = 3;

  var IBAN_LENGTHS = (function () {
    var table = 'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29'
      + ' ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20'
      + ' LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25'
      + ' QA29 RO24 RS22 SA24 SC31 SD18 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20';
    var lengths = Object.create(null);
    table.split(' ').forEach(function (entry) {
      lengths[entry.slice(0, 2)] = Number(entry.slice(2));
    });
    return lengths;
  }());

  function isDigit(c) {
    return c >= '0' && c <= '9';
  }
  function isUpper(c) {
    return c >= 'A' && c <= 'Z';
  }
  function isLetter(c) {
    return isUpper(c) || (c >= 'a' && c <= 'z');
  }
  function isAlnum(c) {
    return isDigit(c) || isLetter(c);
  }
  function isCardSeparator(c) {
    return c === ' ' || c === '-' || c === '\u00a0';
  }

  /** A group's template (see PiiPattern.java), or null when it is not valid: callers fail closed. */
  function parsePattern(template) {
    if (typeof template !== 'string' || template.length === 0 || template.length > MAX_PATTERN_LENGTH) {
      return null;
    }
    var tokens = [];
    var classes = 0;
    for (var i = 0; i < template.length; i++) {
      var c = template.charAt(i);
      var code = template.charCodeAt(i);
      if (code < 0x20 || code > 0x7e) {
        return null;
      }
      if (c === '\\') {
        i++;
        if (i === template.length || template.charCodeAt(i) < 0x20 || template.charCodeAt(i) > 0x7e) {
          return null;
        }
        tokens.push({ literal: template.charAt(i) });
      } else if (c === '9' || c === 'A' || c === 'X') {
        tokens.push({ cls: c === '9' ? DIGIT : c === 'A' ? LETTER : ALNUM });
        classes++;
      } else {
        tokens.push({ literal: c });
      }
    }
    return classes < MIN_CLASS_TOKENS ? null : tokens;
  }

  function matchAt(tokens, text, start) {
    if ((start > 0 && isAlnum(text.charAt(start - 1))) || start + tokens.length > text.length) {
      return -1;
    }
    for (var i = 0; i < tokens.length; i++) {
      var c = text.charAt(start + i);
      var t = tokens[i];
      var ok = t.literal !== undefined ? c === t.literal
        : t.cls === DIGIT ? isDigit(c) : t.cls === LETTER ? isLetter(c) : isAlnum(c);
      if (!ok) {
        return -1;
      }
    }
    var end = start + tokens.length;
    return end < text.length && isAlnum(text.charAt(end)) ? -1 : end;
  }

  function mark(hit, start, end, kind, counts) {
    for (var i = start; i < end; i++) {
      if (hit[i]) {
        return false;
      }
    }
    for (var j = start; j < end; j++) {
      hit[j] = true;
    }
    counts[kind] = (counts[kind] || 0) + 1;
    return true;
  }

  function luhn(digits) {
    var sum = 0;
    var twice = false;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = digits.charCodeAt(i) - 48;
      if (twice) {
        d *= 2;
        d = d > 9 ? d - 9 : d;
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 === 0;
  }

  function knownIssuer(digits) {
    var two = Number(digits.slice(0, 2));
    var three = Number(digits.slice(0, 3));
    var four = Number(digits.slice(0, 4));
    return digits.charAt(0) === '4'
      || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
      || two === 34 || two === 37
      || four === 6011 || (three >= 644 && three <= 649) || two === 65
      || (four >= 3528 && four <= 3589)
      || (three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39
      || two === 62
      || two === 50 || (two >= 56 && two <= 69);
  }

  function continuesRun(text, i) {
    return i > 0 && (isDigit(text.charAt(i - 1))
      || (i > 1 && isCardSeparator(text.charAt(i - 1)) && isDigit(text.charAt(i - 2))));
  }

  function cards(text, hit, counts) {
    var n = text.length;
    var i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i)) || continuesRun(text, i)) {
        i++;
        continue;
      }
      var starts = [];
      var ends = [];
      var j = i;
      for (;;) {
        var s = j;
        while (j < n && isDigit(text.charAt(j))) {
          j++;
        }
        starts.push(s);
        ends.push(j);
        if (j + 1 < n && isCardSeparator(text.charAt(j)) && isDigit(text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      for (var g = 0; g < starts.length; g++) {
        var digits = '';
        var found = -1;
        for (var h = g; h < starts.length && digits.length <= 19; h++) {
          digits += text.slice(starts[h], ends[h]);
          if (digits.length >= 13 && digits.length <= 19 && knownIssuer(digits) && luhn(digits)) {
            found = h; // keep going: the longest valid one wins
          }
        }
        if (found >= 0 && mark(hit, starts[g], ends[found], 'card', counts)) {
          g = found;
        }
      }
      i = j;
    }
  }

  function mod97(iban) {
    var rest = 0;
    for (var k = 0; k < iban.length; k++) {
      var c = iban.charAt((k + 4) % iban.length);
      rest = isDigit(c) ? (rest * 10 + (c.charCodeAt(0) - 48)) % 97 : (rest * 100 + (c.charCodeAt(0) - 55)) % 97;
    }
    return rest;
  }

  function ibans(text, hit, counts) {
    var n = text.length;
    for (var i = 0; i + 4 <= n; i++) {
      if (!isUpper(text.charAt(i)) || !isUpper(text.charAt(i + 1)) || !isDigit(text.charAt(i + 2))
        || !isDigit(text.charAt(i + 3)) || (i > 0 && isAlnum(text.charAt(i - 1)))) {
        continue;
      }
      var length = IBAN_LENGTHS[text.slice(i, i + 2)];
      if (!length) {
        continue;
      }
      var compact = '';
      var j = i;
      while (j < n && compact.length < length) {
        var c = text.charAt(j);
        if (isUpper(c) || isDigit(c)) {
          compact += c;
          j++;
        } else if (c === ' ' && compact.length > 0 && j + 1 < n && (isUpper(text.charAt(j + 1)) || isDigit(text.charAt(j + 1)))) {
          j++;
        } else {
          break;
        }
      }
      if (compact.length === length && (j === n || !isAlnum(text.charAt(j))) && mod97(compact) === 1
        && mark(hit, i, j, 'iban', counts)) {
        i = j - 1;
      }
    }
  }

  function allDigits(text, from, count) {
    for (var i = from; i < from + count; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  function ssns(text, hit, counts) {
    var n = text.length;
    for (var i = 0; i + 11 <= n; i++) {
      var sep = text.charAt(i + 3);
      if ((sep !== '-' && sep !== ' ') || text.charAt(i + 6) !== sep || !allDigits(text, i, 3)
        || !allDigits(text, i + 4, 2) || !allDigits(text, i + 7, 4)
        || (i > 0 && (isDigit(text.charAt(i - 1)) || (i > 1 && text.charAt(i - 1) === sep && isDigit(text.charAt(i - 2)))))) {
        continue;
      }
      var end = i + 11;
      if (end < n && (isDigit(text.charAt(end)) || (text.charAt(end) === sep && end + 1 < n && isDigit(text.charAt(end + 1))))) {
        continue;
      }
      var area = Number(text.slice(i, i + 3));
      if (area === 0 || area === 666 || area >= 900 || text.slice(i + 4, i + 6) === '00' || text.slice(i + 7, i + 11) === '0000') {
        continue;
      }
      if (mark(hit, i, end, 'ssn', counts)) {
        i = end - 1;
      }
    }
  }

  function mayHold(text, patterns) {
    var run = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (isDigit(c) || (patterns.length > 0 && isLetter(c))) {
        if (++run >= 4) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  /**
   * A detector for the group's templates. Throws a TypeError when there are too many or one is not
   * valid (the caller fails closed: nothing is streamed).
   */
  function detector(templates) {
    var list = templates === undefined || templates === null ? [] : templates;
    if (!Array.isArray(list) || list.length > MAX_PATTERNS) {
      throw new TypeError('bad pattern list');
    }
    var patterns = list.map(function (template) {
      var tokens = parsePattern(template);
      if (!tokens) {
        throw new TypeError('bad pattern');
      }
      return tokens;
    });
    /** {text, counts}: the text masked (the same string when nothing was found), counts by kind. */
    return function scan(text) {
      if (typeof text !== 'string' || !mayHold(text, patterns)) {
        return { text: text, counts: null };
      }
      var hit = new Array(text.length);
      var counts = {};
      cards(text, hit, counts);
      ibans(text, hit, counts);
      ssns(text, hit, counts);
      patterns.forEach(function (tokens) {
        for (var i = 0; i < text.length; i++) {
          var end = matchAt(tokens, text, i);
          if (end > 0 && mark(hit, i, end, 'pattern', counts)) {
            i = end - 1;
          }
        }
      });
      if (Object.keys(counts).length === 0) {
        return { text: text, counts: null };
      }
      var out = '';
      for (var k = 0; k < text.length; k++) {
        var c = text.charAt(k);
        out += hit[k] && !/\s/.test(c) ? '*' : c;
      }
      return { text: out, counts: counts };
    };
  }

  /**
   * Runs `scan` over every string in a recorded event (texts, attribute values, input values,
   * anything else), replacing hits in place; adds what it found to `counts`. Keys are left alone.
   */
  function scrubEvent(event, scan, counts) {
    var stack = [event];
    while (stack.length > 0) {
      var value = stack.pop();
      var keys = Object.keys(value);
      for (var i = 0; i < keys.length; i++) {
        var member = value[keys[i]];
        if (typeof member === 'string' || typeof member === 'number') {
          var found = scan(String(member));
          if (found.counts) {
            value[keys[i]] = typeof member === 'string' ? found.text : 0;
            Object.keys(found.counts).forEach(function (kind) {
              counts[kind] = (counts[kind] || 0) + found.counts[kind];
            });
          }
        } else if (member !== null && typeof member === 'object') {
          stack.push(member);
        }
      }
    }
  }

  return { detector: detector, scrubEvent: scrubEvent, parsePattern: parsePattern };
}());
