// The visitor script's control decision (src/control.js): which element may receive which action.
// Run by the web module's Maven build: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const context = {};
vm.runInNewContext(readFileSync(join(here, '..', 'src', 'control.js'), 'utf8') + '\nthis.control = tandemControl;', context);
const { decide } = context.control;

const ORIGIN = 'https://shop.example';
const policy = { submitAllowed: false, origin: ORIGIN };
const plain = { known: true, ownUi: false, tag: 'input', type: 'text', disabled: false, readOnly: false, masked: false,
  password: false, restricted: false, submits: false, inForm: false };
const field = (over) => ({ ...plain, ...over });
const reason = (action, target, p = policy) => {
  const r = decide(action, target, p);
  return r.ok ? 'ok' : r.reason;
};

test('typing into an allowed text field or textarea is allowed', () => {
  assert.equal(reason({ action: 'type' }, field({})), 'ok');
  assert.equal(reason({ action: 'type' }, field({ type: 'email' })), 'ok');
  assert.equal(reason({ action: 'type' }, field({ tag: 'textarea', type: '' })), 'ok');
  assert.equal(reason({ action: 'key', key: 'Backspace' }, field({})), 'ok');
});

test('masked, password, restricted and file targets are refused for every action', () => {
  for (const action of ['click', 'type', 'key', 'select', 'check', 'scroll']) {
    const a = { action, key: 'Tab' };
    assert.equal(reason(a, field({ masked: true })), 'masked', action);
    assert.equal(reason(a, field({ password: true })), 'password', action);
    assert.equal(reason(a, field({ type: 'password', password: true })), 'password', action);
    assert.equal(reason(a, field({ restricted: true })), 'restricted', action);
    assert.equal(reason(a, field({ type: 'file' })), 'file', action);
    assert.equal(reason(a, field({ type: 'file' }), { submitAllowed: true, origin: ORIGIN }), 'file', action);
  }
});

test('a password wins over masking and restriction, and masking cannot be switched off', () => {
  assert.equal(reason({ action: 'type' }, field({ password: true, masked: true, restricted: true })), 'password');
  assert.equal(reason({ action: 'type' }, field({ masked: true }), { submitAllowed: true, origin: ORIGIN }), 'masked');
});

test('anything not described as safe is refused (fail closed)', () => {
  assert.equal(reason({ action: 'type' }, { known: true }), 'restricted');
  assert.equal(reason({ action: 'type' }, field({ masked: undefined })), 'masked');
  assert.equal(reason({ action: 'type' }, field({ password: undefined })), 'password');
  assert.equal(reason({ action: 'type' }, field({ restricted: undefined })), 'restricted');
  assert.equal(reason({ action: 'type' }, field({ known: false })), 'unknown_node');
  assert.equal(reason({ action: 'type' }, null), 'unknown_node');
  assert.equal(reason({ action: 'eval' }, field({})), 'not_allowed');
  assert.equal(reason(null, field({})), 'not_allowed');
});

test("Tandem's own UI is never the agent's to press", () => {
  assert.equal(reason({ action: 'click' }, field({ tag: 'button', type: 'button', ownUi: true })), 'restricted');
});

test('form submission by click or Enter is refused unless the group allows it', () => {
  const submit = field({ tag: 'button', type: 'submit', submits: true, inForm: true });
  assert.equal(reason({ action: 'click' }, submit), 'submit');
  assert.equal(reason({ action: 'click' }, field({ type: 'image', submits: true, inForm: true })), 'submit');
  assert.equal(reason({ action: 'key', key: 'Enter' }, field({ inForm: true })), 'submit');
  assert.equal(reason({ action: 'key', key: 'Enter' }, field({ tag: 'textarea', type: '', inForm: true })), 'ok');
  const allowed = { submitAllowed: true, origin: ORIGIN };
  assert.equal(reason({ action: 'click' }, submit, allowed), 'ok');
  assert.equal(reason({ action: 'key', key: 'Enter' }, field({ inForm: true, formOrigin: ORIGIN }), allowed), 'ok');
  assert.equal(reason({ action: 'click' }, { ...submit, formOrigin: 'https://evil.example' }, allowed), 'navigation');
});

test('links to another origin or another scheme are refused as navigation', () => {
  const link = (href) => {
    const url = new URL(href);
    return field({ tag: 'a', type: '', linkScheme: url.protocol, linkOrigin: url.origin });
  };
  assert.equal(reason({ action: 'click' }, link(ORIGIN + '/help')), 'ok');
  assert.equal(reason({ action: 'click' }, link('https://evil.example/')), 'navigation');
  assert.equal(reason({ action: 'click' }, link('http://shop.example/')), 'navigation');
  assert.equal(reason({ action: 'click' }, link('javascript:alert(1)')), 'navigation');
});

test('each action only on the elements it is made for', () => {
  assert.equal(reason({ action: 'select' }, field({ tag: 'select', type: '' })), 'ok');
  assert.equal(reason({ action: 'select' }, field({})), 'not_allowed');
  assert.equal(reason({ action: 'check' }, field({ type: 'checkbox' })), 'ok');
  assert.equal(reason({ action: 'check' }, field({ type: 'radio' })), 'ok');
  assert.equal(reason({ action: 'check' }, field({})), 'not_allowed');
  assert.equal(reason({ action: 'type' }, field({ type: 'checkbox' })), 'not_allowed');
  assert.equal(reason({ action: 'type' }, field({ type: 'hidden' })), 'not_allowed');
  assert.equal(reason({ action: 'type' }, field({ readOnly: true })), 'not_allowed');
  assert.equal(reason({ action: 'type' }, field({ disabled: true })), 'not_allowed');
  assert.equal(reason({ action: 'key', key: 'F5' }, field({})), 'not_allowed');
  assert.equal(reason({ action: 'scroll' }, field({ tag: 'div', type: '' })), 'ok');
});
