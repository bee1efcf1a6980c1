// The visitor script's wire (src/wire.js): large messages compressed as the relay inflates them,
// nothing overtaking a message being compressed, text when the browser or the relay cannot.
// Run by the web module's Maven build: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, '..', 'src', 'wire.js'), 'utf8') + '\nthis.wire = tandemWire;';

function load(globals) {
  const context = { ...globals };
  vm.runInNewContext(source, context);
  return context.wire;
}

const browser = { CompressionStream, Blob, Response };
const READY = { type: 'ready', compression: 'deflate', maxInflateRatio: 50 };

function socket() {
  return {
    readyState: 1,
    frames: [],
    send(data) {
      this.frames.push(data);
    }
  };
}

function bytes(text) {
  return Buffer.byteLength(text, 'utf8');
}

/** A message the size of a small snapshot, not too repetitive (a ratio well under 50). */
function snapshot(n) {
  const nodes = [];
  for (let i = 0; i < n; i++) {
    nodes.push(`{"type":2,"id":${i + 10},"tagName":"td","attributes":{"class":"c${(i * 7919) % 1000}"},"childNodes":`
      + `[{"type":3,"id":${i + 100000},"textContent":"${(i * 104729).toString(36)} ${'Grüße'.slice(0, i % 5)}"}]}`);
  }
  return `{"type":"events","seq":1,"events":[{"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[${nodes.join(',')}]}}}]}`;
}

async function settled(wire, s, count) {
  for (let i = 0; i < 200 && s.frames.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(s.frames.length, count);
  assert.equal(wire.waitingBytes(), 0);
}

test('a large message goes as one binary frame holding the zlib stream of its UTF-8 text', async () => {
  const wire = load(browser);
  const s = socket();
  const sender = wire.sender(s, READY);
  assert.equal(sender.compresses, true);
  const text = snapshot(2000);
  sender.send(text, bytes(text));
  await settled(sender, s, 1);
  assert.ok(s.frames[0] instanceof ArrayBuffer || Object.prototype.toString.call(s.frames[0]) === '[object ArrayBuffer]');
  const inflated = inflateSync(Buffer.from(s.frames[0])); // zlib, header and Adler-32 checked
  assert.equal(inflated.toString('utf8'), text);
  assert.ok(s.frames[0].byteLength * 50 >= bytes(text), 'within the ratio bound');
  assert.ok(s.frames[0].byteLength < bytes(text) / 3);
});

test('later messages wait behind one being compressed: the order is the order they were sent in', async () => {
  const wire = load(browser);
  const s = socket();
  const sender = wire.sender(s, READY);
  const big = snapshot(3000);
  sender.send('{"type":"events","seq":1,"events":[]}', 38);
  assert.equal(s.frames.length, 1, 'nothing waiting: a small message goes at once');
  sender.send(big, bytes(big));
  sender.send('{"type":"events","seq":3,"events":[]}', 38);
  sender.send('{"type":"guidance","agent":"a","write":"declined"}', 50);
  assert.equal(s.frames.length, 1, 'nothing overtakes the snapshot being compressed');
  assert.ok(sender.waitingBytes() > bytes(big));
  await settled(sender, s, 4);
  assert.equal(inflateSync(Buffer.from(s.frames[1])).toString('utf8'), big);
  assert.equal(s.frames[2], '{"type":"events","seq":3,"events":[]}');
  assert.equal(s.frames[3], '{"type":"guidance","agent":"a","write":"declined"}');
  sender.send('{"type":"events","seq":4,"events":[]}', 38);
  assert.equal(s.frames.length, 5, 'the line is empty again: sent at once');
});

test('without CompressionStream, or a relay that does not take compression, everything goes as text', async () => {
  const text = snapshot(1000);
  for (const [globals, ready] of [[{ Blob, Response }, READY], [browser, { type: 'ready' }],
    [browser, { ...READY, maxInflateRatio: 0 }], [browser, { ...READY, compression: 'gzip' }]]) {
    const s = socket();
    const sender = load(globals).sender(s, ready);
    assert.equal(sender.compresses, false);
    sender.send(text, bytes(text));
    assert.deepEqual(s.frames, [text]);
  }
});

test('a compressor that fails, or a message that would pass the ratio bound, goes as text, still in order', async () => {
  class Broken {
    constructor(format) {
      if (format !== 'deflate') {
        throw new TypeError('format');
      }
      const t = new TransformStream({ transform() {
        throw new Error('broken');
      } });
      this.readable = t.readable;
      this.writable = t.writable;
    }
  }
  const s = socket();
  const sender = load({ CompressionStream: Broken, Blob, Response }).sender(s, READY);
  assert.equal(sender.compresses, true);
  const text = snapshot(1000);
  sender.send(text, bytes(text));
  sender.send('after', 5);
  await settled(sender, s, 2);
  assert.deepEqual(s.frames, [text, 'after']);

  const repetitive = '{"type":"events","seq":1,"events":["' + 'a'.repeat(100000) + '"]}';
  const t = socket();
  const strict = load(browser).sender(t, { ...READY, maxInflateRatio: 10 });
  strict.send(repetitive, bytes(repetitive));
  await settled(strict, t, 1);
  assert.equal(t.frames[0], repetitive, 'compressed past the relay ratio bound: sent as text');
});

test('a socket closed while compressing gets nothing more, and small messages are never compressed', async () => {
  const s = socket();
  const sender = load(browser).sender(s, READY);
  const small = '{"type":"events","seq":1,"events":[' + '{"type":3}'.repeat(500) + ']}';
  sender.send(small, bytes(small));
  assert.deepEqual(s.frames, [small], 'under the threshold: text, at once');
  const text = snapshot(1000);
  sender.send(text, bytes(text));
  s.readyState = 3;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(s.frames.length, 1);
  assert.equal(sender.waitingBytes(), 0);
});
