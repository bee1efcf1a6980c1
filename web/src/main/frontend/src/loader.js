// Tandem loader: the one tag a website embeds on each page. It finds its own <script> element,
// works out the Tandem server from its src, and adds the visitor script from that same server,
// passing the page's settings along as data attributes. No inline code, nothing from third
// parties, no globals; safe to include twice (the second copy does nothing).
// Being the first Tandem code on a page, it also marks every input that is or was type=password
// (Symbol.for('dev.tandem.ever-password')): tandem-capture.js keeps those masked.
// build.mjs serves it as /cobrowse/loader.js, in one wrapper with src/script-url.js (kept ES5 as that is).
(function () {
  'use strict';

  var LOADER_PATH = '/cobrowse/loader.js';
  var VISITOR_PATH = '/visitor/tandem-visitor.js';
  var COPIED = ['groupid', 'additionalgroupid', 'hotkey'];

  function endsWith(text, suffix) {
    return typeof text === 'string' && text.length >= suffix.length
        && text.slice(text.length - suffix.length) === suffix;
  }

  function withoutQuery(url) {
    return url.split('#')[0].split('?')[0];
  }

  function ownScript() {
    var current = document.currentScript;
    if (current && current.src) {
      return current;
    }
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (endsWith(withoutQuery(scripts[i].src || ''), LOADER_PATH)) {
        return scripts[i];
      }
    }
    return null;
  }

  function alreadyLoaded() {
    var scripts = document.getElementsByTagName('script');
    for (var i = 0; i < scripts.length; i++) {
      var script = scripts[i];
      if (script.hasAttribute('data-tandem-base') || script.hasAttribute('data-tandem-active')
          || endsWith(withoutQuery(script.src || ''), VISITOR_PATH)) {
        return true;
      }
    }
    return false;
  }

  // Marks inputs that are or were passwords (a second copy of the loader just marks them again).
  function watchPasswords() {
    var mark = Symbol.for('dev.tandem.ever-password');
    function note(input, old) {
      if (input.localName === 'input' && (input.type === 'password' || /^\s*password\s*$/i.test(old || ''))) {
        input[mark] = true;
      }
    }
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        note(records[i].target, records[i].oldValue);
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['type'], attributeOldValue: true });
    var inputs = document.getElementsByTagName('input');
    for (var i = 0; i < inputs.length; i++) {
      note(inputs[i]);
    }
  }

  try {
    watchPasswords();
  } catch (ignored) {
    // never disturb the host page
  }

  try {
    if (alreadyLoaded()) {
      return;
    }
    var self = ownScript();
    if (!self) {
      return;
    }
    var base = new URL('.', self.src);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      return;
    }
    var visitor = document.createElement('script');
    // Pages that enforce Trusted Types: the policy "tandem-loader" (src/script-url.js).
    visitor.src = tandemScriptUrl('tandem-loader', new URL('visitor/tandem-visitor.js', base).href);
    visitor.async = true;
    for (var i = 0; i < COPIED.length; i++) {
      var value = self.getAttribute('data-' + COPIED[i]);
      if (value !== null) {
        visitor.setAttribute('data-' + COPIED[i], value);
      }
    }
    visitor.setAttribute('data-tandem-base', base.href);
    // Pass the page's CSP nonce on, for sites whose script-src uses nonces as well as hosts.
    if (self.nonce) {
      visitor.nonce = self.nonce;
    }
    (document.head || document.documentElement).appendChild(visitor);
  } catch (ignored) {
    // Never disturb the host page.
  }
}());
