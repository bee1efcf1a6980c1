// The one modal dialog both visitor bundles show (src/modal.js): the sharing consent, the preview
// and the write-mode consent. Its keys and focus trap, and that it builds its elements the way a
// strict CSP allows (CSSOM only, no style attribute, no markup), against a small stand-in DOM.
// Run by the web module's Maven build: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));

class FakeNode {
  constructor(document, tag) {
    this.document = document;
    this.tagName = tag;
    this.attributes = {};
    this.children = [];
    this.parentNode = null;
    this.isConnected = true;
    this.classes = new Set();
    this.classList = { add: (c) => this.classes.add(c) };
    this.styles = {};
    this.style = { setProperty: (name, value, priority) => { this.styles[name] = [value, priority]; } };
    this.text = null;
  }
  setAttribute(name, value) {
    assert.notEqual(name, 'style', 'styles go through the CSSOM, never the style attribute');
    this.attributes[name] = String(value);
  }
  set textContent(value) { this.text = value; }
  get textContent() { return this.text; }
  set innerHTML(value) { throw new Error('no markup is ever set'); }
  appendChild(child) { child.parentNode = this; this.children.push(child); return child; }
  removeChild(child) { this.children = this.children.filter((c) => c !== child); child.parentNode = null; }
  contains(node) { return node === this || this.children.some((c) => c.contains(node)); }
  addEventListener() {}
  focus() { this.document.activeElement = this; }
  matches() { return false; }
  find(id) { return this.attributes.id === id ? this : this.children.map((c) => c.find(id)).find(Boolean) || null; }
}

function load() {
  const document = {
    activeElement: null,
    listeners: [],
    createElement(tag) { return new FakeNode(document, tag); },
    addEventListener(type, fn, capture) { document.listeners.push({ type, fn, capture }); },
    removeEventListener(type, fn, capture) {
      document.listeners = document.listeners.filter((l) => !(l.type === type && l.fn === fn && l.capture === capture));
    },
    dispatch(type, event) { document.listeners.filter((l) => l.type === type).forEach((l) => l.fn(event)); }
  };
  const context = { document, Node: FakeNode };
  vm.runInNewContext(readFileSync(join(here, '..', 'src', 'modal.js'), 'utf8') + '\nthis.modal = tandemModal;', context);
  return { modal: context.modal, document };
}

function key(name, options = {}) {
  const event = { key: name, shiftKey: false, isTrusted: true, prevented: false, stopped: false, ...options };
  event.preventDefault = () => { event.prevented = true; };
  event.stopPropagation = () => { event.stopped = true; };
  return event;
}

function openDialog() {
  const { modal, document } = load();
  const parent = document.createElement('div');
  const allow = modal.button('allow', 'Allow control', 'primary');
  const keep = modal.button('keep', 'Keep control', 'secondary');
  let cancelled = 0;
  const shown = modal.open({
    id: 'tandem-write-consent', width: '28rem', title: 'Alice asks to control this page', describedBy: 'desc', zIndex: '2147483001',
    parent, controls: [allow, keep], initial: keep, cancel: () => { cancelled++; }
  }, (dialog) => {
    dialog.appendChild(modal.el('p', { margin: '0' }, { id: 'desc' }, 'What Alice can do.'));
    dialog.appendChild(allow);
    dialog.appendChild(keep);
  });
  return { modal, document, parent, allow, keep, shown, cancelled: () => cancelled };
}

test('the dialog is a labelled, described modal of Tandem\'s own UI, styled through the CSSOM', () => {
  const { parent, shown, document, keep } = openDialog();
  const dialog = parent.find('tandem-write-consent');
  assert.equal(dialog, shown.dialog);
  assert.equal(dialog.attributes.role, 'dialog');
  assert.equal(dialog.attributes['aria-modal'], 'true');
  assert.equal(dialog.attributes['aria-labelledby'], 'tandem-write-consent-title');
  assert.equal(dialog.attributes['aria-describedby'], 'desc');
  assert.equal(parent.find('tandem-write-consent-title').textContent, 'Alice asks to control this page');
  assert.ok(parent.find('tandem-write-consent-backdrop').classes.has('tandem-ui'), 'never recorded, never the agent\'s');
  assert.deepEqual(parent.find('tandem-write-consent-backdrop').styles['z-index'], ['2147483001', 'important']);
  assert.deepEqual(dialog.styles.all, ['revert', 'important']);
  assert.equal(document.activeElement, keep, 'opens on the control it was given');
});

test('Tab and Shift+Tab go round the controls, Escape cancels, and focus that leaves comes back', () => {
  const { document, allow, keep, shown, cancelled } = openDialog();
  document.dispatch('keydown', key('Tab'));
  assert.equal(document.activeElement, allow);
  document.dispatch('keydown', key('Tab'));
  assert.equal(document.activeElement, keep);
  const back = key('Tab', { shiftKey: true });
  document.dispatch('keydown', back);
  assert.equal(document.activeElement, allow);
  assert.ok(back.prevented && back.stopped, 'the page never sees the dialog\'s keys');

  document.dispatch('focusin', { target: document.createElement('input') });
  assert.equal(document.activeElement, shown.dialog);

  document.dispatch('keydown', key('Escape'));
  assert.equal(cancelled(), 1);
});

test('keys the page made up (not trusted) do nothing', () => {
  const { document, keep, cancelled } = openDialog();
  const forged = key('Escape', { isTrusted: false });
  document.dispatch('keydown', forged);
  document.dispatch('keydown', key('Tab', { isTrusted: false }));
  assert.equal(cancelled(), 0);
  assert.equal(document.activeElement, keep);
  assert.equal(forged.prevented, false);
});

test('closing removes the dialog and ends the trap', () => {
  const { document, parent, shown, cancelled } = openDialog();
  shown.close();
  assert.equal(parent.find('tandem-write-consent-backdrop'), null);
  assert.equal(document.listeners.length, 0);
  document.dispatch('keydown', key('Escape'));
  assert.equal(cancelled(), 0);
  shown.close(); // twice is harmless
});

test('the next control wraps round both ways, from anywhere', () => {
  const { modal } = load();
  const [a, b, c] = ['a', 'b', 'c'];
  assert.equal(modal.nextControl([a, b, c], c, false), a);
  assert.equal(modal.nextControl([a, b, c], a, true), c);
  assert.equal(modal.nextControl([a, b, c], 'elsewhere', false), a);
  assert.equal(modal.nextControl([a], a, true), a);
  assert.equal(modal.keyAction(key('Enter')), null);
});
