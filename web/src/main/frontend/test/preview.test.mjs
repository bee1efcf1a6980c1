// The visitor's preview replays a copy of the sent events from which everything a browser would
// load is removed (src/preview.js): no attribute, style or CSSOM change may make the replay fetch.
// Run by the web module's Maven build: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const context = {};
vm.runInNewContext(readFileSync(join(here, '..', 'src', 'preview.js'), 'utf8') + '\nthis.preview = tandemPreview;', context);
const { inertEvent, inertCss } = context.preview;

const LOADS = /url\s*\(|@import|image-set|\\|https?:|\/\/|holder/i;

function snapshot(body) {
  return { type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: [
    { type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: body }] }] } } };
}

test('a snapshot keeps its text and layout but loses every URL', () => {
  const event = snapshot([
    { type: 2, id: 4, tagName: 'img', attributes: { src: 'https://cdn.example/holder.svg', srcset: 'holder.svg 2x', alt: 'Logo', width: '20' }, childNodes: [] },
    { type: 2, id: 5, tagName: 'a', attributes: { href: 'https://bank.example/', class: 'nav' }, childNodes: [{ type: 3, id: 6, textContent: 'Home page' }] },
    { type: 2, id: 7, tagName: 'div', attributes: { style: 'color: red; background: url("https://t.example/holder.png") no-repeat' }, childNodes: [] },
    { type: 2, id: 8, tagName: 'link', attributes: { rel: 'stylesheet', href: '/bank.css', _cssText: '@import "x.css"; body { cursor: url(c.cur), auto; background-image: image-set("a.png" 1x, "b.png" 2x) }' }, childNodes: [] },
    { type: 2, id: 9, tagName: 'style', attributes: {}, childNodes: [{ type: 3, id: 10, textContent: 'p { background: u\\72l(holder.png) }' }] },
    { type: 2, id: 11, tagName: 'svg', attributes: {}, childNodes: [{ type: 2, id: 12, tagName: 'image', attributes: { 'xlink:href': 'holder.svg', rr_src: 'x' }, childNodes: [] }] },
    { type: 2, id: 13, tagName: 'video', attributes: { poster: 'holder.jpg' }, childNodes: [] },
    { type: 2, id: 14, tagName: 'table', attributes: { background: 'holder.gif' }, childNodes: [] }
  ]);
  assert.equal(inertEvent(event, null), true);
  const text = JSON.stringify(event);
  assert.doesNotMatch(text, LOADS);
  assert.match(text, /"alt":"Logo"/);
  assert.match(text, /"textContent":"Home page"/); // a visible text is left as it is
  assert.match(text, /color: red; background: none no-repeat/);
});

test('mutations, CSSOM changes and fonts load nothing', () => {
  const mutation = { type: 3, timestamp: 2, data: { source: 0, texts: [{ id: 99, value: 'x { background: url(holder.png) }' }],
    attributes: [{ id: 4, attributes: { src: 'holder.png', style: 'background-image:url(holder.png)', title: 'Card ****' } }],
    removes: [], adds: [{ parentId: 3, nextId: null, node: { type: 2, id: 20, tagName: 'img', attributes: { src: 'holder.png' }, childNodes: [] } }] } };
  assert.equal(inertEvent(mutation, null), true);
  assert.doesNotMatch(JSON.stringify(mutation), LOADS);
  assert.match(JSON.stringify(mutation), /Card \*\*\*\*/);
  const rule = { type: 3, timestamp: 3, data: { source: 8, id: 9, adds: [{ rule: '@import url(holder.css);', index: 0 }], replaceSync: 'a { background: url(holder.png) }' } };
  assert.equal(inertEvent(rule, null), true);
  assert.doesNotMatch(JSON.stringify(rule), LOADS);
  const declaration = { type: 3, timestamp: 4, data: { source: 13, id: 9, index: [0], set: { property: 'background', value: 'url(holder.png)' } } };
  assert.equal(inertEvent(declaration, null), true);
  assert.doesNotMatch(JSON.stringify(declaration), LOADS);
  assert.equal(inertEvent({ type: 3, timestamp: 5, data: { source: 10, family: 'F', fontSource: 'url(holder.woff)' } }, null), false);
  assert.equal(inertEvent({ type: 5, timestamp: 6, data: { tag: 'x' } }, null), false);
});

test('CSS with an escape is left out whole', () => {
  assert.equal(inertCss('p { background: \\75 rl(holder.png) }'), '');
  assert.equal(inertCss('p { color: blue }'), 'p { color: blue }');
});
