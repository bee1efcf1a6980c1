// Tandem visitor script: asks the visitor's consent, starts or continues a co-browse session, shows
// the session key, who is viewing, and a Stop button. Added to a page by loader.js.
//
// Rules this file keeps, because it runs inside other people's pages:
// - strict-CSP compatible: no inline handlers, no markup strings, no <style>, no style attribute,
//   no eval; styles are set through the CSSOM only (element.style.setProperty), which CSP allows;
// - quiet: nothing global, nothing logged, no error ever escapes into the host page;
// - the visitor token lives in sessionStorage and in request bodies only: never in a URL, never in
//   a cookie, never in the console;
// - everything from the server or the page is inserted as text, never as HTML.
(function () {
  'use strict';

  const STORAGE_KEY = 'tandem.session';
  const OWN_PATH = '/visitor/tandem-visitor.js';
  const CAPTURE_PATH = 'visitor/tandem-capture.js';
  const DEFAULT_HOTKEY = 'Ctrl+Alt+Y';
  const MAX_GROUPS = 16;
  const MAX_GROUP_LENGTH = 64;
  const REQUEST_TIMEOUT_MS = 15000;
  const RESUME_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];
  const DEFAULT_HEARTBEAT_SECONDS = 30;
  const MIN_HEARTBEAT_SECONDS = 5;
  const MAX_HEARTBEAT_SECONDS = 300;
  const HEARTBEAT_RETRY_MAX_MS = 10000;
  const NOTE_TTL_MS = 8000;
  const Z_INDEX = '2147483000';
  const TERMINAL_STATUSES = [401, 403, 404, 410];

  const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

  // ---------------------------------------------------------------------------------------------
  // Configuration, read once from our own <script> element.

  function endsWithPath(src, path) {
    if (typeof src !== 'string' || !src) {
      return false;
    }
    const plain = src.split('#')[0].split('?')[0];
    return plain.length >= path.length && plain.slice(plain.length - path.length) === path;
  }

  function findOwnScript() {
    const current = document.currentScript;
    if (current && endsWithPath(current.src, OWN_PATH)) {
      return current;
    }
    const scripts = document.getElementsByTagName('script');
    for (let i = scripts.length - 1; i >= 0; i--) {
      if (endsWithPath(scripts[i].src, OWN_PATH) && !scripts[i].hasAttribute('data-tandem-active')) {
        return scripts[i];
      }
    }
    return current && current.src ? current : null;
  }

  /** The server base, e.g. https://host/cobrowse/: data-tandem-base if it names our own origin. */
  function serverBase(script) {
    let derived = null;
    try {
      derived = new URL('../', script.src);
    } catch (e) {
      derived = null;
    }
    const declared = script.getAttribute('data-tandem-base');
    if (declared) {
      try {
        const url = new URL(declared, window.location.href);
        if (!url.pathname.endsWith('/')) {
          url.pathname += '/';
        }
        url.search = '';
        url.hash = '';
        if ((url.protocol === 'https:' || url.protocol === 'http:') && (!derived || url.origin === derived.origin)) {
          return url.href;
        }
      } catch (e) {
        // fall through to the base derived from our own src
      }
    }
    if (derived && (derived.protocol === 'https:' || derived.protocol === 'http:')) {
      derived.search = '';
      derived.hash = '';
      return derived.href;
    }
    return null;
  }

  function pageGroupsOf(groupId, additional) {
    const groups = [];
    const candidates = [groupId].concat(typeof additional === 'string' ? additional.split(/\s+/) : []);
    for (const candidate of candidates) {
      const group = (candidate || '').trim();
      if (group && group.length <= MAX_GROUP_LENGTH && groups.indexOf(group) === -1 && groups.length < MAX_GROUPS) {
        groups.push(group);
      }
    }
    return groups;
  }

  const MODIFIERS = {
    ctrl: 'ctrl', control: 'ctrl',
    alt: 'alt', option: 'alt', opt: 'alt',
    shift: 'shift',
    meta: 'meta', cmd: 'meta', command: 'meta', super: 'meta', win: 'meta'
  };
  const KEY_NAMES = { space: ' ', spacebar: ' ', esc: 'escape', plus: '+', return: 'enter' };

  /** "Ctrl+Shift+K" → {ctrl, alt, shift, meta, key, code}; null when switched off ("none"). */
  function parseHotkey(spec) {
    const text = typeof spec === 'string' ? spec.trim() : '';
    if (!text) {
      return parseHotkey(DEFAULT_HOTKEY);
    }
    if (/^(none|off)$/i.test(text)) {
      return null;
    }
    const parts = text.split('+').map(function (part) { return part.trim(); });
    if (parts.length >= 2 && parts[parts.length - 1] === '' && parts[parts.length - 2] === '') {
      parts.splice(parts.length - 2, 2, '+');
    }
    const hotkey = { ctrl: false, alt: false, shift: false, meta: false, key: '', code: null };
    let key = parts.pop() || '';
    for (const part of parts) {
      const modifier = MODIFIERS[part.toLowerCase()];
      if (!modifier) {
        return text === DEFAULT_HOTKEY ? null : parseHotkey(DEFAULT_HOTKEY);
      }
      hotkey[modifier] = true;
    }
    key = key.toLowerCase();
    key = Object.prototype.hasOwnProperty.call(KEY_NAMES, key) ? KEY_NAMES[key] : key;
    if (!key || Object.prototype.hasOwnProperty.call(MODIFIERS, key)) {
      return text === DEFAULT_HOTKEY ? null : parseHotkey(DEFAULT_HOTKEY);
    }
    hotkey.key = key;
    if (/^[a-z]$/.test(key)) {
      hotkey.code = 'Key' + key.toUpperCase();
    } else if (/^[0-9]$/.test(key)) {
      hotkey.code = 'Digit' + key;
    }
    return hotkey;
  }

  function hotkeyMatches(hotkey, event) {
    if (!hotkey || event.repeat || event.isComposing) {
      return false;
    }
    if (event.ctrlKey !== hotkey.ctrl || event.altKey !== hotkey.alt
        || event.shiftKey !== hotkey.shift || event.metaKey !== hotkey.meta) {
      return false;
    }
    const key = typeof event.key === 'string' ? event.key.toLowerCase() : '';
    // event.code as well: with Alt (macOS Option, Windows AltGr) event.key is often another character.
    return key === hotkey.key || (hotkey.code !== null && event.code === hotkey.code);
  }

  function readConfig() {
    const script = findOwnScript();
    if (!script) {
      return null;
    }
    // Included twice (two loader tags, or loader plus a direct tag): only the first copy runs.
    const active = document.querySelector('script[data-tandem-active]');
    if (active && active !== script) {
      return null;
    }
    script.setAttribute('data-tandem-active', '');
    const base = serverBase(script);
    const groupId = (script.getAttribute('data-groupid') || '').trim();
    if (!base || !groupId || groupId.length > MAX_GROUP_LENGTH) {
      return null;
    }
    return {
      base: base,
      groupId: groupId,
      pageGroups: pageGroupsOf(groupId, script.getAttribute('data-additionalgroupid')),
      hotkey: parseHotkey(script.getAttribute('data-hotkey')),
      nonce: typeof script.nonce === 'string' ? script.nonce : ''
    };
  }

  // ---------------------------------------------------------------------------------------------
  // State. The one live session of this tab is held in `state.session` and nowhere else:
  //   { token, key, sessionId, groupId, expiresAt, streamUrl, heartbeatSeconds, settings }
  // where settings = { maskedSelectors: [], blockedSelectors: [], maskAllInputs: false, piiTripwire: 'mask', piiPatterns: [] }.
  // sessionStorage keeps only { token, key, sessionId, groupId, expiresAt } for the next page.

  const state = {
    config: null,
    phase: 'idle', // idle | consent | starting | resuming | live | stopping
    session: null,
    generation: 0, // bumped whenever a session ends, so late answers are ignored
    heartbeatTimer: 0,
    resumeTimer: 0,
    noteTimer: 0,
    lastTrigger: null,
    agents: [],        // the agents viewing, from the last start, resume or heartbeat answer
    captureNote: ''    // why sharing is paused (capture failed or closed), shown instead of the status
  };

  function str(value) {
    return typeof value === 'string' ? value : '';
  }

  function selectors(value) {
    return Array.isArray(value) ? value.filter(function (s) { return typeof s === 'string' && s.trim() !== ''; }) : [];
  }

  function isGrant(data) {
    return Boolean(data) && typeof data === 'object' && str(data.token) !== '' && str(data.key) !== '';
  }

  /** Builds the in-memory session from a start or resume answer, keeping what the answer omits. */
  function sessionFrom(grant, previous) {
    const before = previous || {};
    const settings = grant.settings && typeof grant.settings === 'object' ? grant.settings : {};
    let seconds = Number(grant.heartbeatSeconds);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      seconds = DEFAULT_HEARTBEAT_SECONDS;
    }
    return {
      token: str(grant.token) || str(before.token),
      key: str(grant.key) || str(before.key),
      sessionId: str(grant.sessionId) || str(before.sessionId),
      groupId: str(grant.groupId) || str(before.groupId) || state.config.groupId,
      expiresAt: str(grant.expiresAt) || str(before.expiresAt),
      streamUrl: str(grant.streamUrl),
      heartbeatSeconds: Math.min(MAX_HEARTBEAT_SECONDS, Math.max(MIN_HEARTBEAT_SECONDS, seconds)),
      settings: {
        maskedSelectors: selectors(settings.maskedSelectors),
        blockedSelectors: selectors(settings.blockedSelectors),
        maskAllInputs: settings.maskAllInputs === true,
        // The PII tripwire: only an explicit "off" turns it off; the templates go to the capture
        // unfiltered, which refuses to share when one is not valid (fail closed).
        piiTripwire: settings.piiTripwire === 'off' ? 'off' : 'mask',
        piiPatterns: settings.piiPatterns === undefined ? [] : settings.piiPatterns,
        // Agent guidance: the capture applies (and refuses) agents' actions; an invalid restricted
        // selector makes it share nothing, like an invalid masking selector (fail closed).
        agentModes: typeof settings.agentModes === 'string' ? settings.agentModes : 'view',
        writeNeedsApproval: settings.writeNeedsApproval !== false,
        agentSubmitAllowed: settings.agentSubmitAllowed === true,
        controlRestrictedSelectors: settings.controlRestrictedSelectors === undefined ? [] : settings.controlRestrictedSelectors
      }
    };
  }

  // --- sessionStorage: per tab, survives navigation within the site, gone when the tab closes.

  function storage() {
    try {
      return window.sessionStorage || null;
    } catch (e) {
      return null; // storage disabled or sandboxed frame
    }
  }

  function loadStored() {
    const store = storage();
    if (!store) {
      return null;
    }
    try {
      const raw = store.getItem(STORAGE_KEY);
      if (!raw) {
        return null;
      }
      const value = JSON.parse(raw);
      if (value && typeof value === 'object' && str(value.token) && str(value.key)) {
        return {
          token: value.token,
          key: value.key,
          sessionId: str(value.sessionId),
          groupId: str(value.groupId),
          expiresAt: str(value.expiresAt)
        };
      }
      store.removeItem(STORAGE_KEY);
    } catch (e) {
      try {
        store.removeItem(STORAGE_KEY);
      } catch (ignored) {
        // nothing more to do
      }
    }
    return null;
  }

  function saveStored(session) {
    const store = storage();
    if (!store) {
      return;
    }
    try {
      store.setItem(STORAGE_KEY, JSON.stringify({
        token: session.token,
        key: session.key,
        sessionId: session.sessionId,
        groupId: session.groupId,
        expiresAt: session.expiresAt
      }));
    } catch (e) {
      // quota or privacy mode: the session still works on this page, it just will not continue
    }
  }

  function clearStored() {
    const store = storage();
    if (!store) {
      return;
    }
    try {
      store.removeItem(STORAGE_KEY);
    } catch (e) {
      // nothing more to do
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Server calls: JSON over CORS, no cookies, no redirects, the token only ever in the body.

  function readJson(response) {
    return response.text().then(function (text) {
      if (!text) {
        return null;
      }
      try {
        return JSON.parse(text);
      } catch (e) {
        return null;
      }
    }, function () {
      return null;
    });
  }

  /** Resolves (never rejects) to {status, ok, data}; status 0 means the server was not reached. */
  function api(path, body) {
    let controller = null;
    let timer = 0;
    try {
      controller = typeof AbortController === 'function' ? new AbortController() : null;
    } catch (e) {
      controller = null;
    }
    if (controller) {
      timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    }
    let request;
    try {
      request = fetch(state.config.base + path, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
        referrerPolicy: 'no-referrer',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: controller ? controller.signal : undefined
      });
    } catch (e) {
      request = Promise.reject(e);
    }
    return request
      .then(function (response) {
        return readJson(response).then(function (data) {
          return { status: response.status, ok: response.ok, data: data };
        });
      })
      .catch(function () {
        return { status: 0, ok: false, data: null };
      })
      .then(function (result) {
        clearTimeout(timer);
        return result;
      });
  }

  function errorMessage(result) {
    if (result.status === 0) {
      return 'Could not reach the co-browse service. Please try again later.';
    }
    const message = result.data && typeof result.data === 'object' ? str(result.data.message).trim() : '';
    if (message) {
      return message.length > 300 ? message.slice(0, 300) + '…' : message;
    }
    if (result.status === 429) {
      return 'Too many co-browse sessions started from here; try again later.';
    }
    if (result.status === 503) {
      return 'No free session key right now; try again.';
    }
    if (result.status === 403) {
      return 'This site may not start co-browse sessions.';
    }
    return 'The co-browse session could not start (error ' + result.status + '). Please try again later.';
  }

  // ---------------------------------------------------------------------------------------------
  // Live streaming. The capture (rrweb's recorder plus our masking, visitor/tandem-capture.js) is a
  // separate script, loaded from our server once per page when a session goes live. The two
  // scripts talk through events on `document`, never through globals:
  //   tandem:capture-start  detail {streamUrl, token, pageGroups, settings}   (here → capture);
  //                         sent when streaming starts, again when the capture says it is loaded
  //                         (tandem:capture-ready) and when the token is renewed;
  //   tandem:capture-stop                                                      (here → capture);
  //   tandem:capture-state  detail {state: connecting|streaming|stopped|failed, reason?, code?}
  //                         (capture → here), shown in the panel's status line.
  // The capture authenticates with the token inside its first WebSocket message (never in the
  // URL), masks per session.settings plus the page's .tandem-masked / [data-tandem-masked] markup,
  // and never captures .tandem-ui (our own UI). startStreaming() is called once per page, as soon
  // as a session is live after start or resume; stopStreaming() whenever the session ends here.

  const CAPTURE_FAILURES = {
    masking_failed: 'Sharing paused: the page could not be masked safely.',
    bad_selector: 'Sharing paused: the page could not be masked safely.',
    recorder_failed: 'Sharing paused: the page could not be masked safely.',
    bad_pattern: 'Sharing paused: the page could not be masked safely.',
    tripwire_failed: 'Sharing paused: the page could not be masked safely.',
    page_too_large: 'Sharing paused: this page is too large to share.'
  };
  const CAPTURE_UNAVAILABLE = 'Sharing paused: the live view could not connect to the co-browse service.';
  const CAPTURE_CLOSED = 'Sharing paused: the co-browse service closed the live view.';

  let streaming = false;
  let captureRequested = false;

  /** Adds the capture script to the page, once per page. */
  function loadCapture() {
    if (captureRequested) {
      return;
    }
    captureRequested = true;
    const script = document.createElement('script');
    script.async = true;
    if (state.config.nonce) {
      script.nonce = state.config.nonce;
    }
    script.addEventListener('error', guard(function () {
      captureRequested = false; // a later session on this page may try again
      showCaptureNote(CAPTURE_UNAVAILABLE);
    }));
    // Pages that enforce Trusted Types: the policy "tandem-capture" (src/script-url.js).
    script.src = tandemScriptUrl('tandem-capture', state.config.base + CAPTURE_PATH);
    (document.head || document.documentElement).appendChild(script);
  }

  function captureDetail(session) {
    return {
      streamUrl: session.streamUrl,
      token: session.token,
      pageGroups: state.config.pageGroups.slice(),
      settings: {
        maskedSelectors: session.settings.maskedSelectors.slice(),
        blockedSelectors: session.settings.blockedSelectors.slice(),
        maskAllInputs: session.settings.maskAllInputs === true,
        piiTripwire: session.settings.piiTripwire === 'off' ? 'off' : 'mask',
        piiPatterns: Array.isArray(session.settings.piiPatterns) ? session.settings.piiPatterns.slice() : session.settings.piiPatterns,
        agentModes: session.settings.agentModes || 'view',
        writeNeedsApproval: session.settings.writeNeedsApproval !== false,
        agentSubmitAllowed: session.settings.agentSubmitAllowed === true,
        controlRestrictedSelectors: Array.isArray(session.settings.controlRestrictedSelectors)
          ? session.settings.controlRestrictedSelectors.slice() : session.settings.controlRestrictedSelectors
      }
    };
  }

  function sendCaptureStart() {
    const session = state.session;
    if (!streaming || !session || !session.streamUrl) {
      return;
    }
    document.dispatchEvent(new CustomEvent('tandem:capture-start', { detail: captureDetail(session) }));
  }

  function startStreaming(session) {
    if (streaming || !session) {
      return;
    }
    streaming = true;
    state.captureNote = '';
    if (!session.streamUrl || typeof CustomEvent !== 'function') {
      return; // nothing to stream to: the session still works (key, agents, stop)
    }
    loadCapture();
    // Heard at once if the capture is already loaded; otherwise sent again on tandem:capture-ready.
    sendCaptureStart();
  }

  function stopStreaming() {
    if (!streaming) {
      return;
    }
    streaming = false;
    state.captureNote = '';
    try {
      document.dispatchEvent(new CustomEvent('tandem:capture-stop'));
    } catch (e) {
      // nothing more to do
    }
  }

  function showCaptureNote(note) {
    if (!streaming || state.phase !== 'live') {
      return;
    }
    state.captureNote = note;
    showPanel({ status: liveStatus(state.agents) });
  }

  function onCaptureReady() {
    sendCaptureStart();
  }

  function onCaptureState(event) {
    if (!streaming || state.phase !== 'live') {
      return;
    }
    const detail = event && event.detail && typeof event.detail === 'object' ? event.detail : {};
    const reason = str(detail.reason);
    if (detail.state === 'failed') {
      showCaptureNote(Object.prototype.hasOwnProperty.call(CAPTURE_FAILURES, reason)
        ? CAPTURE_FAILURES[reason] : CAPTURE_UNAVAILABLE);
    } else if (detail.state === 'stopped') {
      showCaptureNote(CAPTURE_CLOSED);
      // Usually the session has ended: ask now rather than at the next heartbeat.
      scheduleHeartbeat(0);
    } else if (detail.state === 'streaming' && state.captureNote) {
      state.captureNote = '';
      showPanel({ status: liveStatus(state.agents) });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // DOM helpers, the buttons and the card look: src/modal.js, shared with the capture's guidance
  // UI (build.mjs puts it in this bundle's wrapper). Every element starts from `all: revert` (the
  // browser's own defaults, ignoring the host page's stylesheets) and gets its look from inline
  // CSSOM declarations marked important.

  const css = tandemModal.css;
  const el = tandemModal.el;
  const focusElement = tandemModal.focus;
  const button = tandemModal.button;

  function setVisible(element, visible, display) {
    element.hidden = !visible;
    css(element, { display: visible ? (display || 'block') : 'none' });
  }

  const CARD = Object.assign({}, tandemModal.CARD, { 'z-index': Z_INDEX });

  const TEXT = { display: 'block', margin: '0 0 10px 0', padding: '0', color: '#111827', 'font-size': '15px' };

  // ---------------------------------------------------------------------------------------------
  // The UI: one container, holding at most the consent dialog and one of (session panel, note).

  const ui = { container: null, consent: null, panel: null, note: null, preview: null };

  function whenBody(callback) {
    if (document.body) {
      callback();
    } else {
      document.addEventListener('DOMContentLoaded', guard(callback), { once: true });
    }
  }

  function container() {
    if (ui.container && ui.container.isConnected) {
      return ui.container;
    }
    if (!document.body) {
      return null;
    }
    const root = el('div', {
      display: 'block',
      position: 'fixed',
      top: '0',
      left: '0',
      width: '0',
      height: '0',
      margin: '0',
      padding: '0',
      border: '0',
      overflow: 'visible',
      'z-index': Z_INDEX
    }, { id: 'tandem-visitor-ui', class: 'tandem-ui', dir: 'ltr', lang: 'en' });
    document.body.appendChild(root);
    ui.container = root;
    return root;
  }

  function removeElement(element) {
    if (element && element.parentNode) {
      element.parentNode.removeChild(element);
    }
  }

  // --- modal dialogs: the sharing consent and the preview are tandemModal.open's (src/modal.js),
  // like the capture's write-mode consent: one backdrop, card, title, focus trap and keys.

  // --- consent dialog

  function openConsent(trigger, onAccept, onDecline) {
    const root = container();
    if (!root) {
      onDecline();
      return;
    }
    const site = window.location.hostname || 'this site';
    const description = el('div', { display: 'block', margin: '0', padding: '0' }, { id: 'tandem-consent-desc' });
    description.appendChild(el('p', TEXT, null,
        'While you share, an agent will see this page, and the pages of ' + site
        + ' you open next in this browser tab. Nothing outside this tab or this site.'));
    const list = el('ul', { display: 'block', margin: '0 0 16px 0', padding: '0 0 0 20px', 'list-style': 'disc outside' });
    [
      'Fields marked as sensitive, such as card numbers and passwords, are masked in your browser and never leave it.',
      'Nothing is recorded.',
      'You can stop at any time.'
    ].forEach(function (line) {
      list.appendChild(el('li', { display: 'list-item', margin: '0 0 6px 0', padding: '0', color: '#111827' }, null, line));
    });
    description.appendChild(list);
    const actions = el('div', { display: 'flex', 'flex-wrap': 'wrap', gap: '10px', margin: '0', padding: '0' });
    const accept = button('tandem-consent-accept', 'Share this page', 'primary');
    const decline = button('tandem-consent-decline', 'Cancel', 'secondary');
    actions.appendChild(accept);
    actions.appendChild(decline);

    let open = true;
    let shown = null;
    function close(accepted) {
      if (!open) {
        return;
      }
      open = false;
      ui.consent = null;
      shown.close();
      focusElement(trigger);
      if (accepted) {
        onAccept();
      } else {
        onDecline();
      }
    }
    accept.addEventListener('click', guard(function (event) {
      event.preventDefault();
      close(true);
    }));
    decline.addEventListener('click', guard(function (event) {
      event.preventDefault();
      close(false);
    }));
    shown = tandemModal.open({
      id: 'tandem-consent', width: '28rem', title: 'Share this page with an agent?', describedBy: 'tandem-consent-desc',
      zIndex: Z_INDEX, parent: root, controls: [accept, decline], cancel: guard(function () { close(false); })
    }, function (dialog) {
      dialog.appendChild(description);
      dialog.appendChild(actions);
    });
    ui.consent = {
      dialog: shown.dialog,
      cancel: function () { close(false); }
    };
  }

  // --- session panel

  function removePanel() {
    closePreview(false);
    removeElement(ui.panel && ui.panel.root);
    ui.panel = null;
  }

  // --- preview: "what the agent sees". The capture (tandem-capture.js) replays, inside the stage
  // given here, exactly the events it has sent, with nothing loaded from the network; this script
  // only owns the dialog: modal, focus kept inside, Escape or the Close button closes it.

  const PREVIEW_TEXT = {
    showing: 'A replay, in your browser, of what this page has sent to the agent: masked data shows as *. '
      + 'Nothing here is sent anywhere. Pictures and web fonts are left out.',
    unavailable: 'The preview is not available right now: nothing is being shared at the moment.',
    ended: 'The preview stopped: sharing is paused or has ended.',
    failed: 'The preview could not be shown safely and was closed.'
  };

  function openPreview(trigger) {
    if (ui.preview) {
      focusElement(ui.preview.close);
      return;
    }
    const root = container();
    if (!root) {
      return;
    }
    const status = el('p', TEXT, { id: 'tandem-preview-status', role: 'status' }, PREVIEW_TEXT.showing);
    const stage = el('div', {
      display: 'block',
      position: 'relative',
      width: '100%',
      height: 'min(60vh, 540px)',
      margin: '0 0 12px 0',
      padding: '0',
      overflow: 'hidden',
      border: '1px solid #9ca3af',
      background: '#f3f4f6',
      'box-sizing': 'border-box'
    }, { id: 'tandem-preview-stage', 'aria-label': 'Replay of the shared page (view only)' });
    const close = button('tandem-preview-close', 'Close preview', 'secondary');
    close.addEventListener('click', guard(function (event) {
      event.preventDefault();
      closePreview(true);
    }));
    // One control: Tab keeps focus on it, and focus that leaves the dialog comes back to it.
    const shown = tandemModal.open({
      id: 'tandem-preview', width: '60rem', title: 'What the agent sees', describedBy: 'tandem-preview-status', zIndex: Z_INDEX,
      parent: root, controls: [close], home: close, cancel: guard(function () { closePreview(true); })
    }, function (dialog) {
      dialog.appendChild(status);
      dialog.appendChild(stage);
      dialog.appendChild(close);
    });
    ui.preview = {
      shown: shown,
      stage: stage,
      status: status,
      close: close,
      trigger: trigger || null
    };
    const request = { stage: stage, opened: false };
    try {
      document.dispatchEvent(new CustomEvent('tandem:preview-open', { detail: request }));
    } catch (e) {
      request.opened = false;
    }
    if (request.opened !== true) {
      status.textContent = PREVIEW_TEXT.unavailable;
    }
  }

  /** Closes the preview dialog; `restoreFocus`: back to the button that opened it. */
  function closePreview(restoreFocus) {
    const preview = ui.preview;
    if (!preview) {
      return;
    }
    ui.preview = null;
    preview.shown.close();
    try {
      document.dispatchEvent(new CustomEvent('tandem:preview-close'));
    } catch (e) {
      // nothing more to do
    }
    if (restoreFocus) {
      focusElement(preview.trigger && preview.trigger.isConnected ? preview.trigger : ui.panel && ui.panel.root);
    }
  }

  /** The capture ended the preview (sharing paused or stopped, or the replay failed). */
  function onPreviewState(event) {
    const detail = event && event.detail && typeof event.detail === 'object' ? event.detail : {};
    if (ui.preview && detail.state === 'closed') {
      ui.preview.status.textContent = detail.reason === 'preview_failed' ? PREVIEW_TEXT.failed : PREVIEW_TEXT.ended;
    }
  }

  function buildPanel() {
    const root = container();
    if (!root) {
      return null;
    }
    removeNote();
    const panel = el('div', CARD, {
      id: 'tandem-session',
      role: 'region',
      'aria-label': 'Co-browse session',
      tabindex: '-1'
    });
    const label = el('p', {
      display: 'block', margin: '0 0 4px 0', padding: '0', color: '#374151',
      'font-size': '14px', 'font-weight': '600'
    }, { id: 'tandem-session-key-label' }, 'Your session key');
    const key = el('div', {
      display: 'block',
      margin: '0 0 10px 0',
      padding: '0',
      'min-height': '42px',
      color: '#111827',
      'font-family': MONO,
      'font-size': '32px',
      'font-weight': '700',
      'line-height': '1.3',
      'letter-spacing': '0.18em',
      'word-break': 'break-all',
      'overflow-wrap': 'anywhere'
    }, { id: 'tandem-session-key', 'aria-live': 'polite', 'aria-atomic': 'true', translate: 'no' });
    const status = el('p', TEXT, { id: 'tandem-status', role: 'status' });
    const agents = el('p', {
      display: 'block', margin: '0 0 12px 0', padding: '6px 8px', color: '#064e3b',
      background: '#d1fae5', 'border-radius': '6px', 'font-size': '14px', 'font-weight': '600'
    }, { id: 'tandem-agents' });
    setVisible(agents, false);
    const actions = el('div', { display: 'flex', 'flex-wrap': 'wrap', gap: '10px', margin: '0', padding: '0' });
    const preview = button('tandem-preview-open', 'See what the agent sees', 'secondary');
    preview.addEventListener('click', guard(function (event) {
      event.preventDefault();
      openPreview(preview);
    }));
    setVisible(preview, false);
    const stop = button('tandem-stop', 'Stop sharing', 'danger', 'Stop sharing this page');
    stop.addEventListener('click', guard(function (event) {
      event.preventDefault();
      stopSession();
    }));
    panel.appendChild(label);
    panel.appendChild(key);
    panel.appendChild(status);
    panel.appendChild(agents);
    actions.appendChild(preview);
    actions.appendChild(stop);
    panel.appendChild(actions);
    root.appendChild(panel);
    ui.panel = { root: panel, key: key, status: status, agents: agents, stop: stop, preview: preview };
    return ui.panel;
  }

  /** Shows (or updates) the session panel; fields left undefined are unchanged. */
  function showPanel(view) {
    if (!document.body) {
      const generation = state.generation;
      whenBody(function () {
        if (generation === state.generation) {
          showPanel(view);
        }
      });
      return;
    }
    const panel = ui.panel && ui.panel.root.isConnected ? ui.panel : buildPanel();
    if (!panel) {
      return;
    }
    if (view.key !== undefined && panel.key.textContent !== view.key) {
      panel.key.textContent = view.key; // exactly the key: the spacing is letter-spacing only
    }
    if (view.status !== undefined && panel.status.textContent !== view.status) {
      panel.status.textContent = view.status;
    }
    if (view.stoppable !== undefined) {
      setVisible(panel.stop, view.stoppable, 'inline-block');
      panel.stop.disabled = false;
    }
    // The preview is offered while the session is live here (the capture says when it cannot show).
    const previewable = state.phase === 'live' && Boolean(state.session && state.session.streamUrl);
    if (panel.preview.hidden === previewable) {
      setVisible(panel.preview, previewable, 'inline-block');
    }
    if (view.agents !== undefined) {
      showAgents(view.agents);
    }
  }

  function agentCount(agents) {
    return Array.isArray(agents) ? agents.length : 0;
  }

  /** "An agent is viewing: Alice Agent" / "Agents viewing: A, B"; '' when nobody views. */
  function agentsText(agents) {
    const total = agentCount(agents);
    if (total === 0) {
      return '';
    }
    const names = [];
    for (const agent of agents.slice(0, 10)) {
      const name = agent && typeof agent === 'object' ? str(agent.displayName).trim() : '';
      if (name) {
        names.push(name.length > 80 ? name.slice(0, 80) + '…' : name);
      }
    }
    if (names.length === 0) {
      return total === 1 ? 'An agent is viewing this page.' : total + ' agents are viewing this page.';
    }
    const others = total - names.length;
    const list = names.join(', ') + (others > 0 ? ' and ' + others + ' more' : '');
    return (total === 1 ? 'An agent is viewing: ' : 'Agents viewing: ') + list;
  }

  function showAgents(agents) {
    const panel = ui.panel;
    if (!panel) {
      return;
    }
    const text = agentsText(agents);
    if (panel.agents.textContent !== text) {
      panel.agents.textContent = text; // display names from the server: text only, never HTML
    }
    setVisible(panel.agents, text !== '');
  }

  function liveStatus(agents) {
    if (state.captureNote) {
      return state.captureNote; // sharing is paused: say so rather than "You are sharing"
    }
    return agentCount(agents) > 0
      ? 'You are sharing this page.'
      : 'Give this key to the agent helping you.';
  }

  // --- note: a short message on its own (sharing stopped, session ended, could not start)

  function removeNote() {
    clearTimeout(state.noteTimer);
    state.noteTimer = 0;
    removeElement(ui.note);
    ui.note = null;
  }

  function showNote(message, options) {
    const opts = options || {};
    if (!document.body) {
      whenBody(function () { showNote(message, opts); });
      return;
    }
    const root = container();
    if (!root) {
      return;
    }
    removeNote();
    const note = el('div', CARD, { id: 'tandem-note', role: opts.alert ? 'alert' : 'status', tabindex: '-1' });
    const text = el('p', Object.assign({}, TEXT, { margin: '0 0 12px 0' }), { id: 'tandem-note-text' }, message);
    const close = button('tandem-note-close', 'Close', 'secondary', 'Close this message');
    function dismiss() {
      const hadFocus = note.contains(document.activeElement);
      removeNote();
      if (hadFocus) {
        focusElement(state.lastTrigger);
      }
    }
    close.addEventListener('click', guard(function (event) {
      event.preventDefault();
      dismiss();
    }));
    note.appendChild(text);
    note.appendChild(close);
    root.appendChild(note);
    ui.note = note;
    if (opts.focus) {
      focusElement(close);
    }
    if (opts.ttl) {
      const expire = guard(function () {
        if (ui.note !== note) {
          return;
        }
        if (note.contains(document.activeElement)) {
          state.noteTimer = setTimeout(expire, opts.ttl); // not while the visitor is on it
          return;
        }
        removeNote();
      });
      state.noteTimer = setTimeout(expire, opts.ttl);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Session life cycle.

  function clearTimers() {
    clearTimeout(state.heartbeatTimer);
    clearTimeout(state.resumeTimer);
    state.heartbeatTimer = 0;
    state.resumeTimer = 0;
  }

  /** Forgets the session here: timers, streaming, storage, memory. Does not touch the UI. */
  function forgetSession() {
    state.generation++;
    clearTimers();
    stopStreaming();
    clearStored();
    state.session = null;
    state.phase = 'idle';
  }

  /** Ended by the server (or no longer valid): say so in place of the panel. */
  function endLocally(message) {
    const focusWasInPanel = Boolean(ui.panel && ui.panel.root.contains(document.activeElement));
    forgetSession();
    removePanel();
    showNote(message || 'Your co-browse session has ended.', { focus: focusWasInPanel });
  }

  /** A start or resume answer made the session live in this page. */
  function goLive(grant) {
    state.session = sessionFrom(grant, state.session);
    saveStored(state.session);
    state.phase = 'live';
    state.agents = grant.agents || [];
    showPanel({
      key: state.session.key,
      status: liveStatus(grant.agents),
      agents: grant.agents || [],
      stoppable: true
    });
    // Streaming starts here, after a successful start or resume.
    startStreaming(state.session);
    scheduleHeartbeat(state.session.heartbeatSeconds * 1000);
  }

  function requestStart(trigger, customKey) {
    state.lastTrigger = trigger || null;
    if (state.phase === 'consent') {
      if (ui.consent) {
        focusElement(ui.consent.dialog);
      }
      return;
    }
    if (state.phase !== 'idle') {
      // Already sharing (or about to): show the running session rather than start another.
      if (ui.panel) {
        focusElement(ui.panel.root);
      }
      return;
    }
    state.phase = 'consent';
    removeNote();
    openConsent(trigger, function () {
      startSession(customKey);
    }, function () {
      state.phase = 'idle';
    });
  }

  function startSession(customKey) {
    state.phase = 'starting';
    const generation = ++state.generation;
    showPanel({ key: '', status: 'Starting a co-browse session…', agents: [], stoppable: false });
    const body = { groupId: state.config.groupId, pageGroups: state.config.pageGroups };
    if (customKey) {
      body.key = customKey;
    }
    api('api/visitor/sessions', body).then(guard(function (result) {
      if (generation !== state.generation) {
        return;
      }
      if (result.ok && isGrant(result.data)) {
        state.session = null;
        goLive(result.data);
        return;
      }
      const focusWasInPanel = Boolean(ui.panel && ui.panel.root.contains(document.activeElement));
      state.phase = 'idle';
      removePanel();
      showNote(result.ok ? 'The co-browse service gave an unexpected answer. Please try again later.' : errorMessage(result),
          { alert: true, focus: focusWasInPanel });
    }));
  }

  function resumeSession(stored) {
    state.phase = 'resuming';
    state.session = sessionFrom(stored, null);
    const generation = ++state.generation;
    attemptResume(generation, 0);
  }

  function attemptResume(generation, attempt) {
    const session = state.session;
    api('api/visitor/sessions/resume', { token: session.token, pageGroups: state.config.pageGroups })
      .then(guard(function (result) {
        if (generation !== state.generation) {
          return;
        }
        if (result.ok && isGrant(result.data)) {
          goLive(result.data);
          return;
        }
        if (isTerminal(result.status)) {
          if (result.status === 403) {
            // This page may not continue the session (another site or group): end it for good
            // rather than leave it open until it times out.
            api('api/visitor/sessions/stop', { token: session.token });
          }
          forgetSession();
          removePanel();
          showNote('Your co-browse session has ended.');
          return;
        }
        // Not reached, busy or failing: keep the stored session and try again a few times.
        if (attempt < RESUME_RETRY_DELAYS_MS.length) {
          showPanel({ key: session.key, status: 'Reconnecting…', stoppable: true });
          state.resumeTimer = setTimeout(guard(function () {
            if (generation === state.generation) {
              attemptResume(generation, attempt + 1);
            }
          }), RESUME_RETRY_DELAYS_MS[attempt]);
        } else {
          showPanel({
            key: session.key,
            status: 'Could not reconnect to the co-browse service. Reload the page to try again.',
            stoppable: true
          });
        }
      }));
  }

  function isTerminal(status) {
    // 401/403/404/410, and any other refusal of the request itself (400, 413...): the stored
    // session cannot continue. 408 and 429 are worth another try.
    return TERMINAL_STATUSES.indexOf(status) !== -1
      || (status >= 400 && status < 500 && status !== 408 && status !== 429);
  }

  function scheduleHeartbeat(delay) {
    clearTimeout(state.heartbeatTimer);
    const generation = state.generation;
    state.heartbeatTimer = setTimeout(guard(function () {
      if (generation === state.generation && state.phase === 'live') {
        heartbeat(generation);
      }
    }), delay);
  }

  /**
   * The heartbeat's path names the session's reference (taken from its stream URL), so that a load
   * balancer sends it to the node holding the session, whose answer lists the agents viewing.
   */
  function heartbeatPath(session) {
    const ref = /\/stream\/visitor\/([0-9a-f]{64})$/.exec(str(session.streamUrl));
    return 'api/visitor/sessions/' + (ref ? ref[1] + '/' : '') + 'heartbeat';
  }

  function heartbeat(generation) {
    const session = state.session;
    api(heartbeatPath(session), { token: session.token, pageGroups: state.config.pageGroups })
      .then(guard(function (result) {
        if (generation !== state.generation || state.phase !== 'live') {
          return;
        }
        const interval = session.heartbeatSeconds * 1000;
        if (result.ok) {
          const data = result.data && typeof result.data === 'object' ? result.data : {};
          if (data.live === false) {
            endLocally('Your co-browse session has ended.');
            return;
          }
          if (str(data.token)) {
            const renewed = data.token !== session.token;
            session.token = data.token;
            session.expiresAt = str(data.expiresAt) || session.expiresAt;
            saveStored(session);
            if (renewed) {
              sendCaptureStart(); // the capture reconnects with the newest token
            }
          }
          state.agents = data.agents || [];
          showPanel({ status: liveStatus(state.agents), agents: state.agents });
          scheduleHeartbeat(interval);
          return;
        }
        if (isTerminal(result.status)) {
          if (result.status === 403) {
            api('api/visitor/sessions/stop', { token: session.token }); // see attemptResume
          }
          endLocally('Your co-browse session has ended.');
          return;
        }
        showPanel({ status: 'Reconnecting…' });
        scheduleHeartbeat(Math.min(interval, HEARTBEAT_RETRY_MAX_MS));
      }));
  }

  function stopSession() {
    if (!state.session || state.phase === 'stopping') {
      return;
    }
    const token = state.session.token;
    const focusWasInPanel = Boolean(ui.panel && ui.panel.root.contains(document.activeElement));
    // Stop sharing here at once, whatever the server answers.
    forgetSession();
    state.phase = 'stopping';
    const generation = state.generation;
    if (ui.panel) {
      ui.panel.stop.disabled = true;
      ui.panel.status.textContent = 'Stopping…';
    }
    api('api/visitor/sessions/stop', { token: token }).then(guard(function () {
      if (generation !== state.generation) {
        return;
      }
      state.phase = 'idle';
      removePanel();
      showNote('Sharing stopped.', { ttl: NOTE_TTL_MS, focus: focusWasInPanel });
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Page events: start elements (delegated, so elements added later work) and the hot-key.

  function eventElement(event) {
    const target = event.target;
    if (!target) {
      return null;
    }
    if (target.nodeType === 1) {
      return target;
    }
    return target.parentElement || null;
  }

  function isOurs(element) {
    return Boolean(ui.container && element && ui.container.contains(element));
  }

  function customKeyOf(start) {
    const key = (start.getAttribute('data-tandem-key') || '').trim();
    return key ? key.slice(0, 63) : '';
  }

  function nativelyActivated(element) {
    const tag = element.tagName ? element.tagName.toLowerCase() : '';
    return tag === 'button' || tag === 'input' || tag === 'select' || tag === 'textarea' || tag === 'summary'
      || (tag === 'a' && element.hasAttribute('href'));
  }

  function onClick(event) {
    const element = eventElement(event);
    if (!element || typeof element.closest !== 'function' || isOurs(element)) {
      return;
    }
    const start = element.closest('[data-tandem-start]');
    if (!start) {
      return;
    }
    event.preventDefault(); // a start link must not navigate away
    requestStart(start, customKeyOf(start));
  }

  function onKeydown(event) {
    // An open dialog's Escape and Tab are its own (tandemModal.open, a listener of its own).
    if (hotkeyMatches(state.config.hotkey, event)) {
      event.preventDefault();
      const active = document.activeElement;
      requestStart(active && active !== document.body ? active : null, '');
      return;
    }
    // Enter or Space on a start element that is not a button or a link (e.g. role="button").
    if ((event.key === 'Enter' || event.key === ' ') && !event.ctrlKey && !event.altKey && !event.metaKey) {
      const element = eventElement(event);
      if (element && typeof element.closest === 'function' && !isOurs(element)) {
        const start = element.closest('[data-tandem-start]');
        if (start && start === element && !nativelyActivated(start)) {
          event.preventDefault();
          requestStart(start, customKeyOf(start));
        }
      }
    }
  }

  function onPageShow(event) {
    // Back/forward cache: the session may have been stopped on a later page of this tab.
    if (event.persisted && state.session && state.phase === 'live') {
      const stored = loadStored();
      if (!stored || stored.token !== state.session.token) {
        forgetSession();
        removePanel();
      }
    }
  }

  function onVisibilityChange() {
    // Hidden tabs have their timers throttled: say we are still here as soon as the tab is back.
    if (document.visibilityState === 'visible' && state.phase === 'live') {
      scheduleHeartbeat(0);
    }
  }

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

  function main() {
    if (typeof window.fetch !== 'function' || typeof window.URL !== 'function' || typeof Promise !== 'function') {
      return;
    }
    const config = readConfig();
    if (!config) {
      return;
    }
    state.config = config;
    document.addEventListener('click', guard(onClick), true);
    document.addEventListener('keydown', guard(onKeydown), true);
    window.addEventListener('pageshow', guard(onPageShow));
    document.addEventListener('visibilitychange', guard(onVisibilityChange));
    document.addEventListener('tandem:capture-ready', guard(onCaptureReady));
    document.addEventListener('tandem:capture-state', guard(onCaptureState));
    document.addEventListener('tandem:preview-state', guard(onPreviewState));
    const stored = loadStored();
    if (stored) {
      // On every page load of this tab: continue the session started on an earlier page.
      resumeSession(stored);
    }
  }

  try {
    main();
  } catch (e) {
    // Never disturb the host page.
  }
}());
