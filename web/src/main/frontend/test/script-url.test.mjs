// The Trusted Types policy both loader.js and the visitor script use for the script they add
// (src/script-url.js): it accepts exactly its one URL, and without Trusted Types, or when the page
// does not allow the policy name, the URL stays a plain string.
// Run by the web module's Maven build: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, '..', 'src', 'script-url.js'), 'utf8');

/** tandemScriptUrl in a page whose window.trustedTypes is {@code trustedTypes}. */
function scriptUrlIn(trustedTypes) {
  const context = { window: { trustedTypes } };
  vm.runInNewContext(source + '\nthis.scriptUrl = tandemScriptUrl;', context);
  return context.scriptUrl;
}

/** A stand-in trustedTypes that records its policies and wraps what they return. */
function trustedTypes() {
  const policies = [];
  return {
    policies,
    createPolicy(name, rules) {
      policies.push({ name, rules });
      return { createScriptURL: (value) => ({ trusted: rules.createScriptURL(value) }) };
    }
  };
}

const URL = 'https://tandem.example/cobrowse/visitor/tandem-visitor.js';

test('with Trusted Types the URL comes back trusted, from a policy of the given name', () => {
  const types = trustedTypes();
  assert.deepEqual(scriptUrlIn(types)('tandem-loader', URL), { trusted: URL });
  assert.equal(types.policies.length, 1);
  assert.equal(types.policies[0].name, 'tandem-loader');
});

test('the policy accepts exactly its one URL and no other', () => {
  const types = trustedTypes();
  scriptUrlIn(types)('tandem-capture', URL);
  const accept = types.policies[0].rules.createScriptURL;
  assert.equal(accept(URL), URL);
  assert.throws(() => accept('https://evil.test/x.js'), { name: 'TypeError', message: 'Tandem: unexpected script URL' });
  assert.throws(() => accept(URL + '?x'), { name: 'TypeError' });
});

test('without Trusted Types the URL is a plain string', () => {
  assert.equal(scriptUrlIn(undefined)('tandem-loader', URL), URL);
});

test('a policy name the page does not allow leaves the URL a plain string, and nothing escapes', () => {
  const refusing = { createPolicy() { throw new TypeError('policy name not allowed'); } };
  assert.equal(scriptUrlIn(refusing)('tandem-loader', URL), URL);
});
