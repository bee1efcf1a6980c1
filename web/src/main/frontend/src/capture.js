/*
 * Tandem capture: records the visitor's page with rrweb and streams it, masked, to the Tandem
 * server. build.mjs concatenates this file after rrweb's bundle inside a wrapper in which the local
 * variable `rrweb` holds rrweb's exports; nothing here touches the page's globals.
 *
 * Started and stopped by tandem-visitor.js through events on `document` (no globals):
 *   tandem:capture-start  detail {streamUrl, token, pageGroups, settings}   (visitor → capture)
 *   tandem:capture-stop                                                      (visitor → capture)
 *   tandem:capture-ready  once our listeners are installed                   (capture → visitor)
 *   tandem:capture-state  detail {state: connecting|streaming|stopped|failed, reason?, code?}
 *   tandem:preview-open   detail {stage}: show the visitor what was sent, in `stage` (an element
 *                         inside .tandem-ui); the capture sets detail.opened (visitor → capture)
 *   tandem:preview-close                                                     (visitor → capture)
 *   tandem:preview-state  detail {state: closed, reason}: the preview ended (capture → visitor)
 *
 * Masking happens here, in the visitor's browser, before anything is serialized for the network.
 * rrweb's own masking is not enough on its own; this file also guards against these known leaks:
 * - rrweb #602: the `value` ATTRIBUTE of an input is copied raw into snapshots (only the value
 *   property is masked), e.g. after the visitor cleared a pre-filled field;
 * - rrweb #1596: an input switched from type=password to type=text (a "show password" button) is
 *   recorded unmasked; we keep every input that ever was a password masked;
 * - rrweb #1609 / #1911: attributes (placeholder, title, aria-label, alt...) are never masked, and a
 *   masked field's placeholder or a masked image's alt text goes out as is;
 * - getsentry/rrweb #78: password inputs must always be masked whatever the other options say;
 * - also: hidden and file inputs are not covered by maskAllInputs (raw values and file names),
 *   radio/checkbox input events carry the raw value, and an invalid mask selector makes rrweb's
 *   needMaskingText() silently answer "do not mask" (it swallows the exception): fail open;
 * - rrweb masks no attribute inside a maskTextSelector region (data-*, id, class, style, href, src
 *   all go out, src and href are even fetched by the replay), nor the text of a <style> there,
 *   nor the checked state of checkboxes and radios (snapshot attribute and input events).
 * rrweb 2.2.2 has no hook for attributes, checked state or style text, so every emitted event is
 * post-processed (attributes, texts, input values) against the same SENSITIVE rule, and anything
 * that throws stops the stream (fail closed).
 *
 * Inputs that ever were passwords before this script was loaded (switched to type=text earlier on
 * the page, even while it was loading) are marked by loader.js, the first Tandem code on every
 * page, with a property keyed by Symbol.for('dev.tandem.ever-password'); it is honoured here.
 */
(function () {
  'use strict';

  const FLUSH_MS = 100;
  const BATCH_EVENTS = 50;
  const MAX_MESSAGES_PER_SECOND = 10;
  const RECONNECT_DELAYS_MS = [1000, 2000, 4000, 8000, 8000];
  const READY_TIMEOUT_MS = 15000;
  const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
  const BACKLOG_SECONDS = 5;
  const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
  const MAX_FRAME_HOPS = 16;
  const MAX_GROUPS = 16;
  const CLOSE_NORMAL = 1000;
  const CLOSE_POLICY = 1008;
  // Closes that end sharing for good (docs/protocol.md, close codes of the visitor's stream): the
  // session ended or the stream was replaced (1000), a policy refusal (1008). Every other close is
  // retryable, 1013 (over the message rate, e.g. a burst after a stall) included: reconnect with
  // backoff, say hello again and start from seq 1 with a fresh full snapshot.
  const FINAL_CLOSES = [CLOSE_NORMAL, CLOSE_POLICY];

  // rrweb event and node types (rrweb 2.x, @rrweb/types and rrweb-snapshot).
  const EVENT_FULL_SNAPSHOT = 2;
  const EVENT_INCREMENTAL = 3;
  const SOURCE_MUTATION = 0;
  const SOURCE_INPUT = 5;
  const SOURCE_STYLE_SHEET_RULE = 8;
  const SOURCE_STYLE_DECLARATION = 13;
  const NODE_ELEMENT = 2;
  const NODE_TEXT = 3;

  const MARKUP_MASK_SELECTOR = '.tandem-masked, [data-tandem-masked]';
  // Elements agents may not control, nor anything inside them (docs/integration.md).
  const NO_CONTROL_SELECTOR = '[data-tandem-no-control]';
  // Our own UI and everything in it: rrweb checks attribute mutations against blockSelector on the
  // element itself, not its ancestors, so the descendants must match too. (Otherwise rrweb diffs
  // their style changes through a scratch element whose style attribute a strict CSP refuses.)
  const OWN_UI_SELECTOR = '.tandem-ui, .tandem-ui *';
  const MASKED_ATTRIBUTES = ['value', 'placeholder', 'title', 'aria-label', 'aria-description', 'alt',
    'data-value', 'label', 'aria-valuetext', 'aria-placeholder'];
  // Attributes of an element inside a masked region (the marked element and everything in it).
  // Sent as they are: a few that shape the layout and whose values cannot carry free text, and only
  // when the value has that shape. Sent with one `*` per character (whitespace kept): the
  // text-valued ones below and every data-* and aria-*. Every other attribute is left out: URLs
  // (href, src, srcset, action, poster...), so the agent's browser fetches nothing from there,
  // event handlers, and rrweb's own (_cssText, rr_src, rr_dataURL, rr_scroll*, rr_media*), as are
  // checked and selected (the visitor's choice).
  const REGION_KEPT = {
    type: /^(?:text|search|email|tel|url|number|password|date|datetime-local|month|week|time|range|color|checkbox|radio|file|hidden|submit|button|reset|image)$/i,
    dir: /^(?:ltr|rtl|auto)$/i,
    width: /^\s*\d{1,4}(?:\.\d{1,3})?(?:px|%)?\s*$/,
    height: /^\s*\d{1,4}(?:\.\d{1,3})?(?:px|%)?\s*$/,
    colspan: /^\s*\d{1,3}\s*$/,
    rowspan: /^\s*\d{1,3}\s*$/,
    span: /^\s*\d{1,3}\s*$/,
    rows: /^\s*\d{1,3}\s*$/,
    cols: /^\s*\d{1,3}\s*$/,
    size: /^\s*\d{1,3}\s*$/,
    rr_width: /^\d{1,5}(?:\.\d{1,6})?px$/,
    rr_height: /^\d{1,5}(?:\.\d{1,6})?px$/
  };
  const REGION_BOOLEAN = ['hidden', 'disabled', 'readonly', 'multiple', 'required', 'open'];
  const REGION_STARRED = ['id', 'name', 'class', 'style', 'for', 'lang', 'role', 'value', 'placeholder',
    'title', 'alt', 'label'];
  const EVER_PASSWORD = Symbol.for('dev.tandem.ever-password');
  // Button-like inputs show the page's own labels, not the visitor's data: maskAllInputs leaves them.
  const BUTTON_TYPES = ['submit', 'button', 'reset', 'image'];
  const ENVELOPE = '{"type":"events","seq":,"events":[]}';
  // Room kept in every message for the tripwire's report (kinds and counts: well under this).
  const TRIPPED_RESERVE = 96;
  const EVENT_META = 4;
  // What was sent since the last Meta event, kept for the visitor's preview (src/preview.js); past
  // this size it is dropped, and opening the preview then asks for a fresh snapshot instead.
  const MAX_PREVIEW_HISTORY_BYTES = 4 * 1024 * 1024;

  if (typeof rrweb !== 'object' || rrweb === null || typeof rrweb.record !== 'function'
      || typeof WebSocket !== 'function' || typeof WeakSet !== 'function'
      || typeof MutationObserver !== 'function' || typeof CustomEvent !== 'function') {
    return;
  }

  // Our own <script> element, read now: document.currentScript is only set while we first run.
  const ownSrc = document.currentScript && typeof document.currentScript.src === 'string'
    ? document.currentScript.src : '';

  /** The one capture run of this page (null when not capturing). */
  let run = null;

  // ---------------------------------------------------------------------------------------------
  // Small helpers.

  /** Wraps a callback so that nothing it throws ever reaches the host page. */
  function guard(callback) {
    return function () {
      try {
        return callback.apply(this, arguments);
      } catch (e) {
        return undefined;
      }
    };
  }

  /** Tells the visitor script the state of a run, once per change. */
  function announceRun(current, state) {
    if (current.announced !== state) {
      current.announced = state;
      announce(state);
    }
  }

  function announce(state, reason, code) {
    const detail = { state: state };
    if (reason !== undefined) {
      detail.reason = reason;
    }
    if (code !== undefined) {
      detail.code = code;
    }
    try {
      document.dispatchEvent(new CustomEvent('tandem:capture-state', { detail: detail }));
    } catch (e) {
      // a page listener threw: not our concern
    }
  }

  function stars(text) {
    return text ? '*'.repeat(Math.max(text.length, 1)) : '';
  }

  function maskText(text) {
    return typeof text === 'string' ? text.replace(/[^\s]/g, '*') : '';
  }

  /** UTF-8 length of a string, as the WebSocket frame will carry it (lone surrogates: U+FFFD). */
  function utf8Length(text) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length
          && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  function localName(element) {
    return typeof element.localName === 'string' ? element.localName.toLowerCase() : '';
  }

  function isElement(node) {
    return Boolean(node) && node.nodeType === 1 && typeof node.closest === 'function';
  }

  // ---------------------------------------------------------------------------------------------
  // Selectors from the server. Each must parse on its own; it is then canonicalized through the
  // CSSOM so that joining the list cannot change its meaning (an unterminated comment, string or
  // bracket in one entry would otherwise swallow the entries after it). Anything odd: refuse.

  function checkSelector(text) {
    document.createDocumentFragment().querySelector(text); // throws SyntaxError when invalid
  }

  function balanced(text) {
    const closing = { '(': ')', '[': ']' };
    const open = [];
    for (const c of text) {
      if (c === '(' || c === '[') {
        open.push(closing[c]);
      } else if (c === ')' || c === ']') {
        if (open.pop() !== c) {
          return false;
        }
      }
    }
    return open.length === 0;
  }

  function canonicalSelector(selector) {
    if (typeof selector !== 'string' || selector.trim() === '') {
      throw new TypeError('empty selector');
    }
    const text = selector.trim();
    checkSelector(text);
    let sheet = null;
    try {
      sheet = typeof CSSStyleSheet === 'function' ? new CSSStyleSheet() : null;
    } catch (e) {
      sheet = null; // no constructable style sheets: fall back to the strict check below
    }
    if (sheet) {
      sheet.insertRule(text + ' {}', 0); // throws unless it is exactly one style rule
      const rule = sheet.cssRules[0];
      if (!rule || typeof rule.selectorText !== 'string' || rule.selectorText.trim() === '') {
        throw new TypeError('not a selector');
      }
      checkSelector(rule.selectorText);
      return rule.selectorText;
    }
    if (/\/\*|["'\\{};]/.test(text) || !balanced(text)) {
      throw new TypeError('selector not accepted without the CSSOM');
    }
    return text;
  }

  /** The masking rules of one run; throws when a selector is not usable (caller: bad_selector). */
  function compileRules(settings) {
    const source = settings && typeof settings === 'object' ? settings : {};
    const masked = Array.isArray(source.maskedSelectors) ? source.maskedSelectors : [];
    const blocked = Array.isArray(source.blockedSelectors) ? source.blockedSelectors : [];
    const maskedSelectors = masked.map(canonicalSelector);
    const blockedSelectors = blocked.map(canonicalSelector);
    const restricted = Array.isArray(source.controlRestrictedSelectors) ? source.controlRestrictedSelectors : [];
    const restrictSelector = [NO_CONTROL_SELECTOR].concat(restricted.map(canonicalSelector)).join(', ');
    checkSelector(restrictSelector);
    const maskSelector = [MARKUP_MASK_SELECTOR].concat(maskedSelectors).join(', ');
    const blockSelector = [OWN_UI_SELECTOR].concat(blockedSelectors).join(', ');
    checkSelector(maskSelector);
    checkSelector(blockSelector);
    return {
      maskSelector: maskSelector,
      blockSelector: blockSelector,
      maskAllInputs: source.maskAllInputs === true,
      restrictSelector: restrictSelector,
      agentModes: typeof source.agentModes === 'string' ? source.agentModes.split(',') : ['view'],
      writeNeedsApproval: source.writeNeedsApproval !== false,
      agentSubmitAllowed: source.agentSubmitAllowed === true
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs that are, or ever were, passwords. The observer is created before rrweb's own, so its
  // callback runs first; takeRecords() also flushes it synchronously before every decision, for
  // a page that switches the type and sets the value in the same task.

  const everPassword = new WeakSet();
  let typeObserver = null;

  function notePassword(element) {
    if (isElement(element) && localName(element) === 'input') {
      const attribute = (element.getAttribute('type') || '').trim().toLowerCase();
      if (element.type === 'password' || attribute === 'password') {
        everPassword.add(element);
      }
    }
  }

  /** Marked by loader.js, or autocomplete says it holds a password. */
  function markedPassword(element) {
    if (element[EVER_PASSWORD] === true) {
      return true;
    }
    const autocomplete = (element.getAttribute('autocomplete') || '').toLowerCase().split(/\s+/);
    return autocomplete.indexOf('current-password') !== -1 || autocomplete.indexOf('new-password') !== -1;
  }

  function checkable(element) {
    if (!isElement(element) || localName(element) !== 'input') {
      return false;
    }
    const type = typeof element.type === 'string' ? element.type.toLowerCase() : '';
    return type === 'checkbox' || type === 'radio';
  }

  function onTypeRecords(records) {
    for (const record of records) {
      if ((record.oldValue || '').trim().toLowerCase() === 'password' && isElement(record.target)) {
        everPassword.add(record.target);
      }
      notePassword(record.target);
    }
  }

  function watchPasswords() {
    if (!typeObserver) {
      typeObserver = new MutationObserver(guard(onTypeRecords));
      typeObserver.observe(document, {
        subtree: true,
        attributes: true,
        attributeFilter: ['type'],
        attributeOldValue: true
      });
    }
    const inputs = document.getElementsByTagName('input');
    for (let i = 0; i < inputs.length; i++) {
      notePassword(inputs[i]);
    }
  }

  function flushTypeRecords() {
    if (typeObserver) {
      onTypeRecords(typeObserver.takeRecords());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SENSITIVE(element). Throws only on a broken selector; callers fail closed.

  /**
   * The element or an ancestor is marked or matches a mask selector. closest() stops at a shadow
   * root and at a document, so the search goes on from the shadow host and, for a same-origin
   * frame, from the <iframe> element in the parent document (rrweb itself does neither).
   */
  function inMaskedRegion(element, rules) {
    let node = element;
    for (let hops = 0; isElement(node) && hops <= MAX_FRAME_HOPS; hops++) {
      if (node.closest(rules.maskSelector)) {
        return true;
      }
      const root = typeof node.getRootNode === 'function' ? node.getRootNode() : null;
      if (root && root.nodeType === 11 && isElement(root.host)) {
        node = root.host;
        continue;
      }
      let frame = null;
      try {
        const view = node.ownerDocument && node.ownerDocument.defaultView;
        frame = view ? view.frameElement : null;
      } catch (e) {
        frame = null; // a cross-origin parent: nothing more to look at
      }
      node = frame;
    }
    return false;
  }

  function alwaysMaskedInput(element) {
    if (localName(element) !== 'input') {
      return false;
    }
    notePassword(element);
    const type = typeof element.type === 'string' ? element.type.toLowerCase() : '';
    return everPassword.has(element) || markedPassword(element) || type === 'hidden' || type === 'file'
      || element.hasAttribute('data-rr-is-password');
  }

  function maskedByMaskAll(element, rules) {
    if (!rules.maskAllInputs) {
      return false;
    }
    const name = localName(element);
    if (name === 'option' || name === 'optgroup') {
      return true; // which option is chosen is the visitor's input
    }
    if (name === 'textarea' || name === 'select') {
      return true;
    }
    if (name !== 'input') {
      return false;
    }
    const type = typeof element.type === 'string' ? element.type.toLowerCase() : '';
    return BUTTON_TYPES.indexOf(type) === -1;
  }

  /** SENSITIVE(element) for one that is not in a masked region (password, hidden, mask-all). */
  function sensitiveField(element, rules) {
    return alwaysMaskedInput(element) || maskedByMaskAll(element, rules);
  }

  function isSensitive(element, rules) {
    if (!isElement(element)) {
      return true; // not resolvable as an element: fail closed
    }
    flushTypeRecords();
    return sensitiveField(element, rules) || inMaskedRegion(element, rules);
  }

  // ---------------------------------------------------------------------------------------------
  // rrweb callbacks. They must never throw into rrweb: a failure masks and stops the stream.

  function maskInputFn(text, element) {
    const value = typeof text === 'string' ? text : (text === null || text === undefined ? '' : String(text));
    const current = run;
    try {
      if (!current || current.phase !== 'streaming' || isSensitive(element, current.rules)) {
        return stars(value);
      }
      return value;
    } catch (e) {
      fail(current, 'masking_failed');
      return stars(value);
    }
  }

  function maskTextFn(text) {
    try {
      return maskText(text);
    } catch (e) {
      fail(run, 'masking_failed');
      return '';
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Agent guidance: what capture knows about an element, for tandemControl.decide (src/control.js).
  // Anything that cannot be judged is described as masked and restricted (fail closed).

  function originOf(url) {
    try {
      const parsed = new URL(url, document.baseURI);
      return { scheme: parsed.protocol, origin: parsed.origin };
    } catch (e) {
      return { scheme: 'invalid:', origin: 'null' };
    }
  }

  /** A form control's own facts: what it is, whether it submits, whether it holds a password. */
  function controlFacts(element) {
    const name = localName(element);
    const type = name === 'input' && typeof element.type === 'string' ? element.type.toLowerCase()
      : (name === 'button' ? (element.getAttribute('type') || 'submit').toLowerCase() : '');
    const form = name === 'input' || name === 'button' || name === 'textarea' || name === 'select' ? element.form : null;
    return {
      name: name,
      type: type,
      form: form,
      password: name === 'input' && (type === 'password' || everPassword.has(element) || markedPassword(element)),
      submits: Boolean(form) && ((name === 'button' && type === 'submit') || (name === 'input' && (type === 'submit' || type === 'image')))
    };
  }

  /**
   * The target as tandemControl.decide judges it. A click on something inside a button, link or
   * label acts on that one (the browser's activation behaviour), and a label's click on its
   * control: those are described, and masking and restriction are judged on all of them.
   */
  function describeTarget(element, rules) {
    if (!isElement(element)) {
      return { known: false };
    }
    flushTypeRecords();
    const actor = element.closest('button, input, select, textarea, a[href], area[href], label') || element;
    const labelled = localName(actor) === 'label' && isElement(actor.control) ? actor.control : null;
    const facts = controlFacts(labelled || actor);
    const own = controlFacts(element);
    const involved = [element, actor].concat(labelled ? [labelled] : []);
    const target = {
      known: true,
      ownUi: element.closest(OWN_UI_SELECTOR) !== null,
      tag: own.name,
      type: facts.type === 'file' ? 'file' : own.type,
      disabled: element.disabled === true || actor.disabled === true,
      readOnly: element.readOnly === true,
      password: own.password || facts.password,
      masked: involved.some(function (e) { return isSensitive(e, rules); }),
      restricted: involved.some(function (e) { return e.closest(rules.restrictSelector) !== null; }),
      inForm: Boolean(own.form),
      submits: own.submits || (actor !== element && facts.submits) || (labelled !== null && facts.submits)
    };
    const form = own.form || facts.form;
    if (form) {
      const submitter = facts.submits ? (labelled || actor) : element;
      const action = (submitter.getAttribute('formaction')) || form.getAttribute('action') || document.baseURI;
      target.formOrigin = originOf(action).origin;
    }
    const link = element.closest('a[href], area[href]');
    if (link) {
      const to = originOf(link.getAttribute('href'));
      target.linkScheme = to.scheme;
      target.linkOrigin = to.origin;
    }
    return target;
  }

  function startGuide(current) {
    stopGuide(current);
    const modes = current.rules.agentModes;
    if (modes.indexOf('pointer') === -1 && modes.indexOf('write') === -1) {
      return;
    }
    current.guide = tandemGuidance.create({
      mirror: rrweb.record.mirror,
      describe: function (element) {
        return describeTarget(element, current.rules);
      },
      policy: {
        submitAllowed: current.rules.agentSubmitAllowed,
        writeNeedsApproval: current.rules.writeNeedsApproval,
        origin: window.location.origin
      },
      answer: function (message) {
        if (current.socket && current.wire && current === run && current.phase === 'streaming') {
          const text = JSON.stringify(message);
          current.wire.send(text, utf8Length(text)); // behind any events message still being compressed
        }
      }
    });
  }

  function stopGuide(current) {
    if (current.guide) {
      const guide = current.guide;
      current.guide = null;
      guide.stop();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Post-processing of every emitted event, before it is queued. Throws on anything unexpected.

  function mirrorNode(id) {
    return typeof id === 'number' ? rrweb.record.mirror.getNode(id) : null;
  }

  /** Leaves an attribute out: deleted from a snapshot node, removed (null) by a mutation. */
  function dropAttribute(attributes, name, inMutation) {
    if (inMutation) {
      attributes[name] = null;
    } else {
      delete attributes[name];
    }
  }

  function regionAttributeKept(name, value) {
    if (Object.prototype.hasOwnProperty.call(REGION_KEPT, name)) {
      return typeof value === 'string' && REGION_KEPT[name].test(value);
    }
    if (REGION_BOOLEAN.indexOf(name) !== -1) {
      return value === '' || (typeof value === 'string' && value.toLowerCase() === name);
    }
    return false;
  }

  function regionAttributeStarred(name) {
    return REGION_STARRED.indexOf(name) !== -1 || MASKED_ATTRIBUTES.indexOf(name) !== -1
      || /^(?:data|aria)-[a-z0-9_.:-]*$/.test(name);
  }

  /** Inside a masked region: keep the structural attributes, star the text ones, drop the rest. */
  function maskRegionAttributes(attributes, inMutation) {
    for (const key of Object.keys(attributes)) {
      const name = key.toLowerCase();
      const value = attributes[key];
      if (value === null && inMutation) {
        continue; // an attribute removed: nothing to hide
      }
      if (regionAttributeKept(name, value)) {
        continue;
      }
      if (regionAttributeStarred(name) && typeof value === 'string') {
        attributes[key] = maskText(value);
      } else {
        dropAttribute(attributes, key, inMutation);
      }
    }
  }

  function maskAttributes(attributes, element, region, sensitive, inMutation) {
    if (!attributes || typeof attributes !== 'object') {
      return;
    }
    if (region) {
      maskRegionAttributes(attributes, inMutation);
      return;
    }
    if (sensitive) {
      for (const name of MASKED_ATTRIBUTES) {
        if (typeof attributes[name] === 'string') {
          attributes[name] = stars(attributes[name]);
        }
      }
      // Which option of a masked select is chosen, and whether a masked box is ticked, are the
      // visitor's input as well.
      if (Object.prototype.hasOwnProperty.call(attributes, 'selected')
          && (!isElement(element) || localName(element) === 'option')) {
        dropAttribute(attributes, 'selected', inMutation);
      }
      if (Object.prototype.hasOwnProperty.call(attributes, 'checked')) {
        dropAttribute(attributes, 'checked', inMutation);
      }
    }
    if (isElement(element) && localName(element) === 'input' && typeof attributes.value === 'string') {
      const type = typeof element.type === 'string' ? element.type.toLowerCase() : '';
      if (type === 'hidden' || type === 'file') {
        attributes.value = stars(attributes.value);
      }
    }
  }

  /**
   * Walks a serialized node tree. `region` says the parent is inside a masked region (or could not
   * be resolved); elements are then sensitive and their texts are masked.
   */
  function walkTree(root, rootRegion, rootParentTag, rootParentSensitive, rules) {
    const stack = [{ node: root, region: rootRegion, parentTag: rootParentTag, parentSensitive: rootParentSensitive }];
    while (stack.length) {
      const item = stack.pop();
      const node = item.node;
      if (!node || typeof node !== 'object') {
        throw new TypeError('malformed node');
      }
      let region = item.region;
      let tag = '';
      let sensitive = false;
      if (node.type === NODE_ELEMENT) {
        const element = mirrorNode(node.id);
        if (!isElement(element)) {
          region = true; // cannot be resolved: fail closed, for it and everything inside it
          sensitive = true;
        } else {
          region = region || inMaskedRegion(element, rules);
          sensitive = region || sensitiveField(element, rules);
        }
        tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : '';
        maskAttributes(node.attributes, element, region, sensitive, false); // a whole node: absent = not sent
      } else if (node.type === NODE_TEXT) {
        const parentTag = item.parentTag;
        if (parentTag === 'style' && item.region) {
          node.textContent = ''; // a style sheet inside a masked region is not sent
        } else if (typeof node.textContent === 'string' && parentTag !== 'style' && parentTag !== 'script'
            && (item.region || (parentTag === 'textarea' && item.parentSensitive))) {
          node.textContent = maskText(node.textContent);
        }
      }
      if (Array.isArray(node.childNodes)) {
        for (let i = node.childNodes.length - 1; i >= 0; i--) {
          stack.push({ node: node.childNodes[i], region: region, parentTag: tag, parentSensitive: sensitive });
        }
      } else if (node.childNodes !== undefined) {
        throw new TypeError('malformed childNodes');
      }
    }
  }

  function parentInfo(parent, rules) {
    if (!isElement(parent)) {
      // A document (an iframe's, being attached) or a shadow root: look at its host frame/element.
      if (parent && parent.nodeType === 9) {
        return { region: false, tag: '', sensitive: false };
      }
      if (parent && parent.nodeType === 11 && isElement(parent.host)) {
        parent = parent.host;
      } else {
        return { region: true, tag: '', sensitive: true }; // unknown: fail closed
      }
    }
    const region = inMaskedRegion(parent, rules);
    return { region: region, tag: localName(parent), sensitive: region || sensitiveField(parent, rules) };
  }

  function sanitizeMutation(data, rules) {
    if (Array.isArray(data.adds)) {
      for (const add of data.adds) {
        if (!add || typeof add !== 'object' || !add.node || typeof add.node !== 'object') {
          throw new TypeError('malformed add');
        }
        let parent = mirrorNode(add.parentId);
        if (add.node.type === NODE_TEXT) {
          const own = mirrorNode(add.node.id);
          if (own && own.parentNode) {
            parent = own.parentNode;
          }
        }
        const info = add.node.type === NODE_ELEMENT || add.node.type === NODE_TEXT
          ? parentInfo(parent, rules) : { region: false, tag: '', sensitive: false };
        walkTree(add.node, info.region, info.tag, info.sensitive, rules);
      }
    }
    if (Array.isArray(data.attributes)) {
      for (const change of data.attributes) {
        if (!change || typeof change !== 'object') {
          throw new TypeError('malformed attribute mutation');
        }
        const element = mirrorNode(change.id);
        flushTypeRecords();
        const region = !isElement(element) || inMaskedRegion(element, rules);
        maskAttributes(change.attributes, element, region, region || sensitiveField(element, rules), true);
      }
    }
    if (Array.isArray(data.texts)) {
      for (const change of data.texts) {
        if (!change || typeof change !== 'object') {
          throw new TypeError('malformed text mutation');
        }
        if (typeof change.value !== 'string') {
          continue;
        }
        const node = mirrorNode(change.id);
        const parent = node ? node.parentNode : null;
        const info = parentInfo(parent, rules);
        if (info.tag === 'style' && info.region) {
          change.value = '';
        } else if (info.tag !== 'style' && info.tag !== 'script'
            && (info.region || (info.tag === 'textarea' && info.sensitive))) {
          change.value = maskText(change.value);
        }
      }
    }
  }

  /** False when the event must not be sent at all. */
  function sanitizeInput(data, rules) {
    const element = mirrorNode(data.id);
    if (!isSensitive(element, rules)) {
      return true;
    }
    if (!isElement(element) || checkable(element)) {
      return false; // a masked box's or radio's state never leaves; so does not an unknown target's
    }
    if (typeof data.text === 'string' && data.text !== stars(data.text)) {
      data.text = stars(data.text); // maskInputFn should have done it
    }
    if (data.isChecked === true) {
      data.isChecked = false;
    }
    return true;
  }

  /** False for a CSSOM change of a style sheet owned by an element inside a masked region. */
  function sanitizeStyleChange(data, rules) {
    if (typeof data.id !== 'number') {
      return true; // a constructed style sheet (styleId): owned by no element of the page
    }
    const owner = mirrorNode(data.id);
    return isElement(owner) && !inMaskedRegion(owner, rules);
  }

  /** Masks an event in place; false when it must not be sent at all. */
  function sanitize(event, rules) {
    if (!event || typeof event !== 'object') {
      throw new TypeError('malformed event');
    }
    flushTypeRecords();
    if (event.type === EVENT_FULL_SNAPSHOT) {
      if (!event.data || !event.data.node) {
        throw new TypeError('malformed snapshot');
      }
      walkTree(event.data.node, false, '', false, rules);
      return true;
    } else if (event.type === EVENT_INCREMENTAL) {
      if (!event.data || typeof event.data !== 'object') {
        throw new TypeError('malformed incremental event');
      }
      if (event.data.source === SOURCE_MUTATION) {
        sanitizeMutation(event.data, rules);
      } else if (event.data.source === SOURCE_INPUT) {
        return sanitizeInput(event.data, rules);
      } else if (event.data.source === SOURCE_STYLE_SHEET_RULE || event.data.source === SOURCE_STYLE_DECLARATION) {
        return sanitizeStyleChange(event.data, rules);
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Recorder.

  const SLIM_DOM = {
    script: true,
    comment: true,
    headFavicon: true,
    headWhitespace: true,
    headMetaDescKeywords: true,
    headMetaSocial: true,
    headMetaRobots: true,
    headMetaHttpEquiv: true,
    headMetaAuthorship: true,
    headMetaVerification: true
  };

  function stopRecorder(current) {
    current.generation++;
    const stop = current.stopRecorder;
    current.stopRecorder = null;
    if (typeof stop === 'function') {
      try {
        stop();
      } catch (e) {
        // already stopped
      }
    }
  }

  function startRecorder(current) {
    stopRecorder(current);
    clearQueue(current);
    current.phase = 'streaming';
    const generation = current.generation;
    let stop;
    try {
      stop = rrweb.record({
        emit: function (event) {
          onEmit(current, generation, event);
        },
        maskAllInputs: true,
        maskInputFn: maskInputFn,
        maskTextSelector: current.rules.maskSelector,
        maskTextFn: maskTextFn,
        blockClass: 'tandem-ui',
        blockSelector: current.rules.blockSelector,
        ignoreSelector: OWN_UI_SELECTOR,
        inlineStylesheet: true,
        inlineImages: false,
        recordCanvas: false,
        recordCrossOriginIframes: false,
        collectFonts: false,
        userTriggeredOnInput: false,
        slimDOMOptions: SLIM_DOM,
        sampling: { mousemove: 50, scroll: 100, input: 'last' },
        errorHandler: function () {
          return true; // rrweb's own hiccups stay out of the page; our masking catches its own
        }
      });
    } catch (e) {
      stop = null;
    }
    if (current !== run || current.phase !== 'streaming' || current.generation !== generation) {
      if (typeof stop === 'function') {
        try {
          stop();
        } catch (e) {
          // nothing more to do
        }
      }
      return;
    }
    if (typeof stop !== 'function') {
      fail(current, 'recorder_failed');
      return;
    }
    current.stopRecorder = stop;
    announceRun(current, 'streaming');
  }

  function takeSnapshot(current) {
    if (current !== run || current.phase !== 'streaming' || !current.stopRecorder) {
      return;
    }
    current.resyncPending = false;
    try {
      rrweb.record.takeFullSnapshot(true);
    } catch (e) {
      // not recording yet (waiting for the page to load): the first snapshot is still to come
    }
  }

  function onEmit(current, generation, event) {
    if (current !== run || current.phase !== 'streaming' || current.generation !== generation
        || current.resyncPending) {
      return;
    }
    let text;
    try {
      if (!sanitize(event, current.rules)) {
        return;
      }
    } catch (e) {
      fail(current, 'masking_failed');
      return;
    }
    try {
      // After masking, on everything left: a hit is masked like a masked field (src/tripwire.js).
      if (current.tripwire) {
        tandemTripwire.scrubEvent(event, current.tripwire, current.tripped);
      }
      text = JSON.stringify(event);
    } catch (e) {
      fail(current, 'tripwire_failed');
      return;
    }
    if (current.phase !== 'streaming' || typeof text !== 'string') {
      return; // masking failed inside rrweb's call of maskInputFn while serializing this event
    }
    enqueue(current, text, event.type);
  }

  // ---------------------------------------------------------------------------------------------
  // Queue and batching: at most ~10 messages a second (and never more than the server allows),
  // never a message larger than maxMessageBytes, never an event dropped while streaming.

  function clearQueue(current) {
    current.queue = [];
    current.queueBytes = 0;
    clearTimeout(current.flushTimer);
    current.flushTimer = 0;
  }

  function envelopeBytes(seq) {
    return ENVELOPE.length + String(seq).length;
  }

  function enqueue(current, text, type) {
    const bytes = utf8Length(text);
    if (bytes + envelopeBytes(Number.MAX_SAFE_INTEGER) + TRIPPED_RESERVE > current.maxBytes) {
      fail(current, 'page_too_large');
      return;
    }
    current.queue.push({ text: text, bytes: bytes, type: type });
    current.queueBytes += bytes + 1;
    const backlogLimit = Math.max(current.maxBytes * 2,
        Math.min(current.maxBytes * current.messagesPerSecond * BACKLOG_SECONDS, MAX_BACKLOG_BYTES));
    if (current.queueBytes > backlogLimit) {
      // The page changes faster than we may send: drop the backlog and start over from a fresh
      // snapshot (the replay stays consistent), rather than keep an ever-growing queue.
      clearQueue(current);
      current.resyncPending = true;
      setTimeout(guard(function () {
        takeSnapshot(current);
      }), 0);
      return;
    }
    if (current.queue.length >= BATCH_EVENTS) {
      flush(current);
    } else if (!current.flushTimer) {
      current.flushTimer = setTimeout(guard(function () {
        current.flushTimer = 0;
        flush(current);
      }), FLUSH_MS);
    }
  }

  function scheduleFlush(current, delay) {
    clearTimeout(current.flushTimer);
    current.flushTimer = setTimeout(guard(function () {
      current.flushTimer = 0;
      flush(current);
    }), Math.max(delay, 10));
  }

  function flush(current) {
    clearTimeout(current.flushTimer);
    current.flushTimer = 0;
    const socket = current.socket;
    if (current !== run || current.phase !== 'streaming' || !socket || socket.readyState !== WebSocket.OPEN || !current.wire) {
      return;
    }
    while (current.queue.length) {
      const now = Date.now();
      while (current.sent.length && now - current.sent[0] >= 1000) {
        current.sent.shift();
      }
      if (current.sent.length >= current.messagesPerSecond) {
        scheduleFlush(current, current.sent[0] + 1000 - now + 5);
        return;
      }
      if (socket.bufferedAmount + current.wire.waitingBytes() > current.maxBytes * 2) {
        scheduleFlush(current, FLUSH_MS); // the network is slower than the page: wait
        return;
      }
      const seq = current.seq + 1;
      // What the tripwire masked since the last message: kinds and counts only.
      const tripped = Object.keys(current.tripped).length ? ',"tripped":' + JSON.stringify(current.tripped) : '';
      let size = envelopeBytes(seq) + tripped.length;
      const parts = [];
      const entries = [];
      while (current.queue.length) {
        const next = current.queue[0];
        const extra = next.bytes + (parts.length ? 1 : 0);
        if (size + extra > current.maxBytes) {
          break;
        }
        parts.push(next.text);
        entries.push(next);
        size += extra;
        current.queue.shift();
        current.queueBytes -= next.bytes + 1;
      }
      if (!parts.length) {
        fail(current, 'page_too_large'); // cannot happen (checked in enqueue); never send it anyway
        return;
      }
      current.seq = seq;
      current.sent.push(now);
      // Masked and scrubbed already: the wire may compress it (src/wire.js), never change what it says.
      current.wire.send('{"type":"events","seq":' + seq + tripped + ',"events":[' + parts.join(',') + ']}', size);
      current.tripped = {};
      remember(current, entries);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The visitor's preview ("what the agent sees", src/preview.js) is fed from here: exactly the
  // event texts that have just gone on the WebSocket, nothing else.

  /** Keeps what was sent since the last Meta event, and shows it in the preview if open. */
  function remember(current, entries) {
    for (const entry of entries) {
      if (entry.type === EVENT_META) {
        current.history = [];
        current.historyBytes = 0;
      }
      if (current.history) {
        current.history.push(entry.text);
        current.historyBytes += entry.bytes;
        if (current.historyBytes > MAX_PREVIEW_HISTORY_BYTES) {
          current.history = null; // until the next Meta event
        }
      }
    }
    tandemPreview.sent(entries.map(function (entry) {
      return entry.text;
    }));
  }

  function announcePreview(state, reason) {
    try {
      document.dispatchEvent(new CustomEvent('tandem:preview-state', { detail: { state: state, reason: reason } }));
    } catch (e) {
      // a page listener threw: not our concern
    }
  }

  /** tandem:preview-open, detail {stage}: a connected element inside our own UI (never recorded). */
  function onPreviewOpen(event) {
    const detail = event && event.detail && typeof event.detail === 'object' ? event.detail : null;
    if (!detail) {
      return;
    }
    detail.opened = false;
    const current = run;
    const stage = detail.stage;
    if (!current || current.phase !== 'streaming' || !current.stopRecorder || !isElement(stage)
        || !stage.isConnected || !stage.closest('.tandem-ui')) {
      return;
    }
    const history = current.history && current.history.length ? current.history.slice() : [];
    detail.opened = tandemPreview.open(rrweb, stage, history, guard(function (reason) {
      announcePreview('closed', reason);
    }));
    if (detail.opened && !history.length) {
      takeSnapshot(current); // nothing kept to show: the next snapshot goes to the agents and here
    }
  }

  function onPreviewClose() {
    tandemPreview.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Connection.

  function streamAllowed(value) {
    let url;
    let own;
    try {
      url = new URL(value);
      own = new URL(ownSrc);
    } catch (e) {
      return false;
    }
    const protocolOk = url.protocol === 'wss:' || (url.protocol === 'ws:' && own.protocol === 'http:');
    return protocolOk && url.host === own.host && url.username === '' && url.password === '';
  }

  function positiveNumber(value, fallback) {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
  }

  function closeSocket(current, code) {
    const socket = current.socket;
    current.socket = null;
    clearTimeout(current.readyTimer);
    current.readyTimer = 0;
    if (socket) {
      try {
        socket.close(code);
      } catch (e) {
        // already closing
      }
    }
  }

  /** Stops everything of this run: recorder, queue, timers, socket, preview. */
  function teardown(current) {
    stopGuide(current);
    tandemPreview.close('stopped');
    current.history = null;
    stopRecorder(current);
    clearQueue(current);
    clearTimeout(current.reconnectTimer);
    current.reconnectTimer = 0;
    current.resyncPending = false;
    closeSocket(current, CLOSE_NORMAL);
  }

  function fail(current, reason) {
    if (!current || current !== run || current.phase === 'failed' || current.phase === 'stopped') {
      return;
    }
    current.phase = 'failed';
    teardown(current);
    announce('failed', reason);
  }

  function finish(current, reason, code) {
    if (current !== run || current.phase === 'failed' || current.phase === 'stopped') {
      return;
    }
    current.phase = 'stopped';
    teardown(current);
    announce('stopped', reason, code);
  }

  function connect(current) {
    if (current !== run || current.phase === 'failed' || current.phase === 'stopped') {
      return;
    }
    current.phase = 'connecting';
    current.seq = 0;
    current.sent = [];
    current.wire = null;
    announceRun(current, 'connecting');
    let socket;
    try {
      socket = new WebSocket(current.streamUrl);
    } catch (e) {
      scheduleReconnect(current);
      return;
    }
    current.socket = socket;
    socket.addEventListener('open', guard(function () {
      if (socket !== current.socket || current !== run) {
        return;
      }
      socket.send(JSON.stringify({ type: 'hello', token: current.token, pageGroups: current.pageGroups }));
    }));
    socket.addEventListener('message', guard(function (event) {
      if (socket === current.socket && current === run) {
        onServerMessage(current, event.data);
      }
    }));
    socket.addEventListener('close', guard(function (event) {
      if (socket !== current.socket || current !== run) {
        return;
      }
      current.socket = null;
      clearTimeout(current.readyTimer);
      current.readyTimer = 0;
      stopGuide(current);
      stopRecorder(current);
      clearQueue(current);
      if (FINAL_CLOSES.indexOf(event.code) !== -1) {
        finish(current, 'closed', event.code);
      } else {
        scheduleReconnect(current);
      }
    }));
    // The server answers the hello with "ready" or closes; a silent server is given up on.
    current.readyTimer = setTimeout(guard(function () {
      if (socket === current.socket && current === run && current.phase === 'connecting') {
        closeSocket(current, CLOSE_NORMAL);
        scheduleReconnect(current);
      }
    }), READY_TIMEOUT_MS);
  }

  function scheduleReconnect(current) {
    if (current !== run || current.phase === 'failed' || current.phase === 'stopped') {
      return;
    }
    if (current.attempts >= RECONNECT_DELAYS_MS.length) {
      fail(current, 'connection_lost');
      return;
    }
    const delay = RECONNECT_DELAYS_MS[current.attempts];
    current.attempts++;
    current.phase = 'connecting';
    announceRun(current, 'connecting');
    clearTimeout(current.reconnectTimer);
    current.reconnectTimer = setTimeout(guard(function () {
      current.reconnectTimer = 0;
      connect(current);
    }), delay);
  }

  function onServerMessage(current, data) {
    if (typeof data !== 'string') {
      return;
    }
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (!message || typeof message !== 'object') {
      return;
    }
    switch (message.type) {
      case 'ready':
        if (current.phase !== 'connecting') {
          return;
        }
        clearTimeout(current.readyTimer);
        current.readyTimer = 0;
        current.attempts = 0;
        current.maxBytes = positiveNumber(message.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
        current.messagesPerSecond = Math.min(MAX_MESSAGES_PER_SECOND,
            positiveNumber(message.maxEventsPerSecond, MAX_MESSAGES_PER_SECOND));
        // Large messages compressed if the relay takes them (its ratio bound) and this browser can.
        current.wire = tandemWire.sender(current.socket, message);
        // Only now, with the server's consent, does anything get recorded.
        startRecorder(current);
        startGuide(current);
        break;
      case 'agent':
        // An agent's pointer, write request or action, checked by the server; judged again here.
        if (current.guide && current.phase === 'streaming') {
          current.guide.onAgent(message);
        }
        break;
      case 'snapshot':
        takeSnapshot(current);
        break;
      case 'ended':
        finish(current, typeof message.reason === 'string' ? message.reason : 'ended');
        break;
      default:
        break; // unknown types are ignored
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Coordination with tandem-visitor.js.

  function groupsOf(value) {
    if (!Array.isArray(value)) {
      return [];
    }
    return value.filter(function (group) {
      return typeof group === 'string' && group !== '';
    }).slice(0, MAX_GROUPS);
  }

  function onStart(event) {
    const detail = event && event.detail && typeof event.detail === 'object' ? event.detail : null;
    if (!detail || typeof detail.token !== 'string' || detail.token === ''
        || typeof detail.streamUrl !== 'string') {
      return;
    }
    if (run) {
      // Already capturing (the visitor script re-sends the start once we are loaded, and again
      // when its token is renewed): keep going, with the newest token for the next reconnect.
      if (run.phase !== 'failed' && run.phase !== 'stopped') {
        run.token = detail.token;
        run.pageGroups = groupsOf(detail.pageGroups);
      }
      return;
    }
    const current = {
      token: detail.token,
      pageGroups: groupsOf(detail.pageGroups),
      streamUrl: detail.streamUrl,
      rules: null,
      phase: 'connecting',
      socket: null,
      seq: 0,
      sent: [],
      attempts: 0,
      generation: 0,
      stopRecorder: null,
      queue: [],
      queueBytes: 0,
      flushTimer: 0,
      readyTimer: 0,
      reconnectTimer: 0,
      resyncPending: false,
      announced: '',
      maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
      messagesPerSecond: MAX_MESSAGES_PER_SECOND,
      tripwire: null,
      tripped: {},
      guide: null,
      wire: null,
      history: null,
      historyBytes: 0
    };
    run = current;
    if (!streamAllowed(current.streamUrl)) {
      fail(current, 'bad_stream_url');
      return;
    }
    try {
      current.rules = compileRules(detail.settings);
    } catch (e) {
      fail(current, 'bad_selector');
      return;
    }
    try {
      const settings = detail.settings && typeof detail.settings === 'object' ? detail.settings : {};
      // Only an explicit "off" turns it off; anything else (missing, unknown) keeps it on.
      current.tripwire = settings.piiTripwire === 'off' ? null : tandemTripwire.detector(settings.piiPatterns);
    } catch (e) {
      fail(current, 'bad_pattern');
      return;
    }
    if (!rrweb.record.mirror || typeof rrweb.record.mirror.getNode !== 'function'
        || typeof rrweb.record.takeFullSnapshot !== 'function') {
      fail(current, 'recorder_failed');
      return;
    }
    try {
      watchPasswords(); // before rrweb.record(), so that our observer runs before rrweb's
    } catch (e) {
      fail(current, 'masking_failed');
      return;
    }
    connect(current);
  }

  function onStop() {
    const current = run;
    if (!current) {
      return;
    }
    const wasActive = current.phase !== 'failed' && current.phase !== 'stopped';
    current.phase = 'stopped';
    teardown(current);
    run = null;
    if (wasActive) {
      announce('stopped', 'stopped');
    }
  }

  function onProbe(event) {
    if (event && event.detail && typeof event.detail === 'object') {
      event.detail.present = true;
    }
  }

  function main() {
    // Loaded twice (a second tag): the copy that finds another already listening does nothing.
    const probe = { present: false };
    document.dispatchEvent(new CustomEvent('tandem:capture-probe', { detail: probe }));
    if (probe.present) {
      return;
    }
    document.addEventListener('tandem:capture-probe', guard(onProbe));
    document.addEventListener('tandem:capture-start', guard(onStart));
    document.addEventListener('tandem:capture-stop', guard(onStop));
    document.addEventListener('tandem:preview-open', guard(onPreviewOpen));
    document.addEventListener('tandem:preview-close', guard(onPreviewClose));
    document.dispatchEvent(new CustomEvent('tandem:capture-ready'));
  }

  try {
    main();
  } catch (e) {
    // Never disturb the host page.
  }
}());
