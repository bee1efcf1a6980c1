// The visitor script's tripwire held to the shared vectors (the same file PiiDetectorTest reads).
// Run by the web module's Maven build: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(join(here, 'pii-vectors.json'), 'utf8'));
const context = {};
vm.runInNewContext(readFileSync(join(here, '..', 'src', 'tripwire.js'), 'utf8') + '\nthis.tripwire = tandemTripwire;', context);
const { detector, scrubEvent, parsePattern } = context.tripwire;

function check(scan, c) {
  const result = scan(c.text);
  assert.deepEqual({ ...(result.counts || {}) }, c.found || {}, c.name);
  if (c.masked !== undefined) {
    assert.equal(result.text, c.masked, c.name);
  }
  if (!c.found) {
    assert.equal(result.text, c.text, c.name);
  }
}

test('built-in detectors match the shared vectors', () => {
  const scan = detector([]);
  for (const c of vectors.cases) {
    check(scan, c);
  }
});

test('group patterns match the shared vectors', () => {
  for (const c of vectors.patternCases) {
    check(detector(c.patterns), c);
  }
});

test('invalid patterns are refused and make the detector throw', () => {
  for (const template of vectors.invalidPatterns) {
    assert.equal(parsePattern(template), null, JSON.stringify(template));
    assert.throws(() => detector([template]), { name: 'TypeError' });
  }
  assert.throws(() => detector(new Array(11).fill('AA999999')), { name: 'TypeError' });
});

test('scrubEvent masks every string of an event and counts kinds only', () => {
  const event = {
    type: 3,
    data: {
      source: 0,
      adds: [{ parentId: 1, node: { type: 2, tagName: 'span', attributes: { title: 'DE89370400440532013000' }, childNodes: [] } }],
      texts: [{ id: 5, value: 'Card 4111 1111 1111 1111' }],
      attributes: [],
    },
  };
  const counts = {};
  scrubEvent(event, detector([]), counts);
  assert.deepEqual(counts, { card: 1, iban: 1 });
  assert.equal(event.data.texts[0].value, 'Card **** **** **** ****');
  assert.equal(event.data.adds[0].node.attributes.title, '**********************');
  assert.equal(event.data.adds[0].parentId, 1);
});
