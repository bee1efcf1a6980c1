// Agent viewer: opens the session the agent has just joined (or already holds a pass for), shows
// its key, group and the visitor's site, keeps the relay WebSocket open, lists who is viewing and
// replays the visitor's page live with rrweb's Replayer (window.rrweb, ../static/rrweb.min.js).
// The join ticket and the agent pass are HttpOnly cookies this script never sees; it only talks to
// our own API and stream. Everything from the server is inserted as text, never HTML, except the
// replay, which rrweb rebuilds inside an iframe sandboxed with exactly "allow-same-origin" (no
// scripts can run there; checked after every build, fail closed). Nothing is kept in localStorage
// or sessionStorage.
(function () {
  'use strict';

  const PASS_URL = '../api/agent/pass';
  const REDEEM_URL = '../api/agent/joins/redeem';
  const REFRESH_URL = '../api/agent/pass/refresh';
  const LEAVE_URL = '../api/agent/leave';
  const LOGOUT_URL = '../api/agent/logout';
  const CONSOLE_PAGE = 'index.html';
  const LANDING_PAGE = '../';

  const MAX_RECONNECTS = 5;
  const RECONNECT_BASE_MS = 1000;
  const RECONNECT_MAX_MS = 4000;
  // A connection that stayed up this long counts as healthy: the next drop starts the backoff again.
  const HEALTHY_CONNECTION_MS = 10000;
  const REFRESH_INTERVAL_MS = 60000;

  // rrweb event types and incremental sources (rrweb 2.x, @rrweb/types).
  const EVENT_FULL_SNAPSHOT = 2;
  const EVENT_INCREMENTAL = 3;
  const EVENT_META = 4;
  const SOURCE_VIEWPORT_RESIZE = 4;
  // Live-mode buffer: events are played this long after their place in the visitor's timeline.
  const LIVE_BUFFER_MS = 500;
  const MAX_URL_LENGTH = 2048;

  const CLOSE_NORMAL = 1000;
  const CLOSE_POLICY = 1008;

  // The API helper (static/agent-api.js, loaded before this script).
  const { ApiError, api, messageOf } = window.TandemAgentApi;

  const TEXT = {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    ended: 'Session ended',
    access: 'Disconnected: your access expired or was revoked',
    signedOut: 'Disconnected: your sign-in has expired. Reload the page to sign in again.',
    lost: 'Disconnected: the connection to the server was lost. Reload the page to try again.',
    replayMissing: 'The live view could not be loaded. Reload the page to try again.',
    replayUnsafe: 'The live view was stopped: its frame was not sandboxed as required.',
    replayFailed: 'The live view failed. Reload the page to try again.'
  };

  // Why a session ended, from the server's "ended" message (CONTEXT.md: session end reasons).
  const ENDED_TEXT = {
    VISITOR_STOPPED: 'Session ended by the visitor',
    VISITOR_IDLE: 'Session ended: the visitor was inactive for too long',
    MAX_DURATION: 'Session ended: it reached its maximum duration',
    ADMINISTRATOR: 'Session ended by an administrator',
    SERVER_SHUTDOWN: 'Session ended: the server is shutting down'
  };

  const loading = document.getElementById('viewer-loading');
  const viewerError = document.getElementById('viewer-error');
  const backField = document.getElementById('viewer-back-field');
  const backLink = document.getElementById('viewer-back');
  const sessionSection = document.getElementById('viewer-session');
  const stage = document.getElementById('viewer-stage');
  const urlField = document.getElementById('viewer-url');
  const viewportField = document.getElementById('viewer-viewport');
  const replayError = document.getElementById('viewer-replay-error');
  const keyField = document.getElementById('viewer-session-key');
  const groupField = document.getElementById('viewer-group');
  const originField = document.getElementById('viewer-origin');
  const connection = document.getElementById('viewer-connection');
  const agents = document.getElementById('viewer-agents');
  const leaveButton = document.getElementById('viewer-leave');
  const signOutButton = document.getElementById('sign-out');
  const signOutError = document.getElementById('sign-out-error');

  const state = {
    pass: null,            // the last pass description from the server (no secret in it)
    socket: null,
    connected: false,
    openedAt: 0,
    terminal: false,       // the session ended or access was lost: never reconnect again
    leaving: false,        // leave, sign-out or page unload in progress: ignore socket closes
    attempts: 0,
    reconnectTimer: 0,
    lastRefresh: 0,
    refreshing: false
  };

  // The replay of the current viewer connection. A new replayer is built for every Meta event
  // (rrweb sends one right before each full snapshot: the catch-up, a fresh snapshot after a join,
  // the visitor's next page or reconnect), so that its timeline starts from that snapshot.
  const replay = {
    replayer: null,
    snapshot: false,  // the current replayer has had its full snapshot
    failed: false,    // the replay could not be built safely: ignore events until the next connection
    width: 0,
    height: 0
  };

  // The pass is gone for good (no pass, ended, refused, signed out): reconnecting cannot help.
  function isFinal(error) {
    return error instanceof ApiError
      && (error.code === 'signed_out' || error.status === 401 || error.status === 403
        || error.status === 404 || error.status === 410);
  }

  // ---- Pass --------------------------------------------------------------------------------------

  // The stream must be our own host over WebSocket (the CSP's connect-src 'self' would refuse anything
  // else anyway; checking here gives a clear message instead of a silent failure).
  function isOwnStream(value) {
    let url;
    try {
      url = new URL(value);
    } catch (ignored) {
      return false;
    }
    const expected = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return (url.protocol === 'wss:' || url.protocol === expected) && url.host === window.location.host;
  }

  function applyPass(pass) {
    if (!pass || typeof pass !== 'object'
        || typeof pass.key !== 'string' || typeof pass.streamUrl !== 'string'
        || !isOwnStream(pass.streamUrl)) {
      return false;
    }
    state.pass = pass;
    keyField.textContent = pass.key;
    groupField.textContent = typeof pass.groupId === 'string' ? pass.groupId : '';
    originField.textContent = typeof pass.visitorOrigin === 'string' && pass.visitorOrigin !== ''
      ? pass.visitorOrigin : 'Not recorded';
    return true;
  }

  // ---- Display -----------------------------------------------------------------------------------

  function setConnection(text, kind) {
    connection.textContent = text;
    connection.classList.remove('connection--pending', 'connection--ok', 'connection--ended', 'connection--error');
    connection.classList.add('connection--' + kind);
  }

  function showViewers(list) {
    if (!Array.isArray(list)) {
      return;
    }
    agents.replaceChildren();
    for (const viewer of list) {
      if (viewer && typeof viewer.displayName === 'string') {
        const item = document.createElement('li');
        item.textContent = viewer.displayName;
        agents.appendChild(item);
      }
    }
  }

  function endedText(reason) {
    return Object.prototype.hasOwnProperty.call(ENDED_TEXT, reason) ? ENDED_TEXT[reason] : TEXT.ended;
  }

  // No more reconnects: show why, offer the way back to the console.
  function stop(text, kind) {
    state.terminal = true;
    window.clearTimeout(state.reconnectTimer);
    setConnection(text, kind);
    showViewers([]);
    // The visitor is no longer sharing (or this agent may no longer watch): nothing of the page stays.
    resetReplay();
    backField.hidden = false;
  }

  // Opening the session failed: show the server's sentence and the way back.
  function fatal(error) {
    loading.hidden = true;
    sessionSection.hidden = true;
    stage.hidden = true;
    viewerError.textContent = messageOf(error);
    backField.hidden = false;
    backLink.focus();
  }

  // ---- Stream ------------------------------------------------------------------------------------

  function connect(reconnecting) {
    setConnection(reconnecting ? TEXT.reconnecting : TEXT.connecting, 'pending');
    // A new connection starts with a new catch-up: the old replay goes, a new one is built from it.
    resetReplay();
    let socket;
    try {
      socket = new WebSocket(state.pass.streamUrl);
    } catch (ignored) {
      scheduleReconnect();
      return;
    }
    state.socket = socket;
    socket.addEventListener('open', function () {
      if (socket !== state.socket) {
        return;
      }
      state.connected = true;
      state.openedAt = Date.now();
      setConnection(TEXT.connected, 'ok');
    });
    socket.addEventListener('message', function (event) {
      if (socket === state.socket) {
        onMessage(event.data);
      }
    });
    socket.addEventListener('close', function (event) {
      if (socket !== state.socket) {
        return;
      }
      state.socket = null;
      state.connected = false;
      onClose(event.code);
    });
    // An 'error' event is always followed by 'close', which decides what to do.
  }

  function onMessage(data) {
    if (typeof data !== 'string') {
      return;
    }
    let message;
    try {
      message = JSON.parse(data);
    } catch (ignored) {
      return;
    }
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      return;
    }
    switch (message.type) {
      case 'welcome':
        state.attempts = 0;
        showViewers(message.viewers);
        guidanceGranted(message.modes);
        break;
      case 'mode':
        guidanceMode(message.state, message.by);
        break;
      case 'refused':
        guidanceRefused(message.reason);
        break;
      case 'viewers':
        showViewers(message.viewers);
        break;
      case 'ended':
        stop(endedText(typeof message.reason === 'string' ? message.reason : ''), 'ended');
        break;
      case 'events':
        replayEvents(message.events);
        break;
      default:
        // Unknown types are ignored.
        break;
    }
  }

  function closeSocket() {
    const socket = state.socket;
    state.socket = null;
    state.connected = false;
    if (socket) {
      try {
        socket.close(CLOSE_NORMAL);
      } catch (ignored) {
        // Already closing.
      }
    }
  }

  function onClose(code) {
    if (state.leaving || state.terminal) {
      return;
    }
    if (code === CLOSE_NORMAL) {
      stop(TEXT.ended, 'ended');
      return;
    }
    if (code === CLOSE_POLICY) {
      stop(TEXT.access, 'error');
      return;
    }
    // 1001 (server going away) and connection problems: try again, if the pass is still good.
    if (state.openedAt > 0 && Date.now() - state.openedAt >= HEALTHY_CONNECTION_MS) {
      state.attempts = 0;
    }
    state.openedAt = 0;
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (state.leaving || state.terminal) {
      return;
    }
    if (state.attempts >= MAX_RECONNECTS) {
      stop(TEXT.lost, 'error');
      return;
    }
    const delay = Math.min(RECONNECT_BASE_MS * Math.pow(2, state.attempts), RECONNECT_MAX_MS);
    state.attempts += 1;
    setConnection(TEXT.reconnecting, 'pending');
    window.clearTimeout(state.reconnectTimer);
    state.reconnectTimer = window.setTimeout(function () {
      api('GET', PASS_URL).then(function (pass) {
        if (state.leaving || state.terminal) {
          return;
        }
        if (!applyPass(pass)) {
          stop(TEXT.lost, 'error');
          return;
        }
        connect(true);
      }, function (error) {
        if (state.leaving || state.terminal) {
          return;
        }
        if (error.code === 'signed_out') {
          stop(TEXT.signedOut, 'error');
        } else if (isFinal(error)) {
          stop(TEXT.access, 'error');
        } else {
          scheduleReconnect();
        }
      });
    }, delay);
  }

  // ---- Replay ------------------------------------------------------------------------------------

  /** Destroys the replayer (if any) and empties and hides the stage. */
  function destroyReplayer() {
    const replayer = replay.replayer;
    replay.replayer = null;
    replay.snapshot = false;
    window.tandemReplayGuard.destroy(replayer);
    stage.replaceChildren();
    stage.hidden = true;
    overlay.hidden = true;
    stage.style.removeProperty('height');
  }

  /** Back to "no replay yet", for a new connection or when the session is over. */
  function resetReplay() {
    destroyReplayer();
    replay.failed = false;
    replay.width = 0;
    replay.height = 0;
    replayError.textContent = '';
  }

  /** The replay cannot go on safely: take it down and say why (fail closed). */
  function failReplay(text) {
    destroyReplayer();
    replay.failed = true;
    replayError.textContent = text;
  }

  // The hardening (sandbox of exactly allow-same-origin checked, inert frame, activations cancelled)
  // is tandemReplayGuard's (../static/replay-guard.js), shared with the visitor's preview.
  function createReplayer(baseline) {
    destroyReplayer();
    const rrweb = window.rrweb;
    const guard = window.tandemReplayGuard;
    if (!rrweb || typeof rrweb.Replayer !== 'function' || !guard || typeof guard.create !== 'function') {
      failReplay(TEXT.replayMissing);
      return false;
    }
    const replayer = guard.create(rrweb, stage, baseline);
    if (!replayer) {
      failReplay(TEXT.replayUnsafe);
      return false;
    }
    replay.replayer = replayer;
    const frame = stage.querySelector('iframe');
    frame.style.border = '0';
    frame.style.background = '#ffffff'; // as a browser shows a page without a background of its own
    frame.setAttribute('title', "The visitor's page (view only)");
    stage.style.overflow = 'hidden';
    return true;
  }

  function showViewport(width, height) {
    if (typeof width !== 'number' || typeof height !== 'number' || !(width > 0) || !(height > 0)) {
      return;
    }
    replay.width = width;
    replay.height = height;
    viewportField.textContent = Math.round(width) + ' × ' + Math.round(height);
    rescale();
  }

  function showMeta(data) {
    if (!data || typeof data !== 'object') {
      return;
    }
    if (typeof data.href === 'string') {
      urlField.textContent = data.href.length > MAX_URL_LENGTH ? data.href.slice(0, MAX_URL_LENGTH) + '…' : data.href;
    }
    showViewport(data.width, data.height);
  }

  /** Scales the replay (visitor's viewport size) down to the stage's width. */
  function rescale() {
    const replayer = replay.replayer;
    if (!replayer || stage.hidden || !(replay.width > 0) || !(replay.height > 0)) {
      return;
    }
    const wrapper = replayer.wrapper || stage.querySelector('.replayer-wrapper');
    if (!wrapper) {
      return;
    }
    const available = stage.clientWidth;
    const scale = available > 0 ? Math.min(1, available / replay.width) : 1;
    wrapper.style.transformOrigin = '0 0';
    wrapper.style.transform = 'scale(' + scale + ')';
    stage.style.height = Math.ceil(replay.height * scale) + 'px';
    placeOverlay();
  }

  function isEvent(event) {
    return Boolean(event) && typeof event === 'object' && typeof event.type === 'number'
      && typeof event.timestamp === 'number' && Number.isFinite(event.timestamp);
  }

  /** The live-mode baseline for a replayer starting at events[from]. */
  function baselineFrom(events, from) {
    // The newest timestamp of this message: an old catch-up (an earlier snapshot and the events
    // since) is applied at once rather than replayed in real time; later events are then played
    // LIVE_BUFFER_MS after their place in the visitor's timeline. When the message is just Meta and
    // FullSnapshot this is the usual firstEventTimestamp - buffer of rrweb's live mode.
    let newest = events[from].timestamp;
    for (let i = from + 1; i < events.length; i++) {
      if (isEvent(events[i]) && events[i].timestamp > newest) {
        newest = events[i].timestamp;
      }
    }
    return newest - LIVE_BUFFER_MS;
  }

  function replayEvents(events) {
    if (!Array.isArray(events) || replay.failed || state.terminal || state.leaving) {
      return;
    }
    try {
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        if (!isEvent(event)) {
          continue;
        }
        if (event.type === EVENT_META) {
          showMeta(event.data);
          // A new page or snapshot: start a new replayer from here.
          if (!createReplayer(baselineFrom(events, i))) {
            return;
          }
        } else if (!replay.replayer) {
          if (event.type !== EVENT_FULL_SNAPSHOT) {
            continue; // nothing to apply incremental events to before a snapshot
          }
          if (!createReplayer(baselineFrom(events, i))) {
            return;
          }
        }
        if (event.type === EVENT_INCREMENTAL && event.data && event.data.source === SOURCE_VIEWPORT_RESIZE) {
          showViewport(event.data.width, event.data.height);
        }
        replay.replayer.addEvent(event);
        if (event.type === EVENT_FULL_SNAPSHOT && !replay.snapshot) {
          replay.snapshot = true;
          stage.hidden = false;
          updateGuidance();
          rescale();
        }
      }
    } catch (ignored) {
      failReplay(TEXT.replayFailed);
    }
  }

  // ---- Keeping the pass alive while the agent is active -------------------------------------------

  // Activity over the replay counts too: rrweb's frame takes no pointer events (they land on the
  // stage, which has its own listeners below), and nothing in the frame can run a script.
  function onActivity() {
    if (!state.connected || state.refreshing || state.terminal || state.leaving) {
      return;
    }
    const now = Date.now();
    if (now - state.lastRefresh < REFRESH_INTERVAL_MS) {
      return;
    }
    state.lastRefresh = now;
    state.refreshing = true;
    api('POST', REFRESH_URL).then(function (pass) {
      state.refreshing = false;
      if (pass && typeof pass === 'object' && typeof pass.expiresAt === 'string' && state.pass) {
        state.pass.expiresAt = pass.expiresAt;
      }
    }, function (error) {
      state.refreshing = false;
      if (state.leaving || state.terminal || !isFinal(error)) {
        return; // Busy or unreachable: the next activity after the interval tries again.
      }
      if (error.code === 'session_ended') {
        stop(TEXT.ended, 'ended');
      } else if (error.code === 'signed_out') {
        stop(TEXT.signedOut, 'error');
      } else {
        stop(TEXT.access, 'error');
      }
      closeSocket();
    });
  }

  // ---- Leave and sign out ------------------------------------------------------------------------

  // POSTs to `url`, closes the stream and goes to `destination`. Errors in `alreadyDone` mean there
  // is nothing left to drop, so the page moves on anyway.
  function departure(button, errorField, url, destination, prefix, alreadyDone) {
    function done() {
      closeSocket();
      window.location.assign(destination);
    }

    return function () {
      if (state.leaving) {
        return;
      }
      state.leaving = true;
      window.clearTimeout(state.reconnectTimer);
      leaveButton.disabled = true;
      signOutButton.disabled = true;
      errorField.textContent = '';
      api('POST', url).then(done, function (error) {
        if (alreadyDone(error)) {
          done();
          return;
        }
        state.leaving = false;
        leaveButton.disabled = false;
        signOutButton.disabled = false;
        errorField.textContent = prefix + messageOf(error);
        button.focus();
        // The server may have closed the stream meanwhile; pick it up again if the pass is still good.
        if (state.pass && !state.socket && !state.terminal) {
          scheduleReconnect();
        }
      });
    };
  }

  const leave = departure(leaveButton, viewerError, LEAVE_URL, CONSOLE_PAGE, 'Could not leave the session: ',
    function (error) {
      return error.status === 404 || error.status === 410;
    });
  const signOut = departure(signOutButton, signOutError, LOGOUT_URL, LANDING_PAGE, 'Sign-out failed: ',
    function (error) {
      return error.code === 'signed_out';
    });

  // ---- Start -------------------------------------------------------------------------------------

  function start() {
    let redeemed = false;
    api('GET', PASS_URL)
      .catch(function (error) {
        if (error instanceof ApiError && error.status === 404) {
          redeemed = true;
          return api('POST', REDEEM_URL);
        }
        throw error;
      })
      .then(function (pass) {
        if (state.leaving) {
          return;
        }
        if (!applyPass(pass)) {
          throw new ApiError(0, 'bad_pass', 'The server sent an unusable session description. Join again from the console.');
        }
        // A freshly redeemed pass needs no refresh yet; one found with GET may be older.
        state.lastRefresh = redeemed ? Date.now() : 0;
        loading.hidden = true;
        sessionSection.hidden = false;
        // #viewer-stage stays hidden until the first full snapshot arrives.
        connect(false);
      })
      .catch(function (error) {
        if (!state.leaving) {
          fatal(error);
        }
      });
  }

  // ---- Agent guidance (pointer, write mode) --------------------------------------------------------
  // The replay stays inert: a transparent layer over it takes the agent's pointer and keys, finds
  // the replayed element under the pointer, and sends its rrweb node id with the offset inside it
  // (0 to 1), so that it lands on the same element whatever the visitor's window size. The
  // visitor's page decides what, if anything, happens (docs/protocol.md, agent guidance).

  const POINTER_EVERY_MS = 40; // at most 25 pointer messages a second (the server allows 50)
  const GUIDANCE_TEXT = {
    pointerOn: 'Your pointer is shown on the visitor\'s page.',
    asked: 'Waiting for the visitor to allow control…',
    granted: 'You control the visitor\'s page. Click a field, then type; click a list to choose an option; scroll with the wheel.',
    declined: 'The visitor kept control.',
    declinedRelay: 'Another agent has control.',
    revoked: 'The visitor took control back.',
    released: 'You gave control back.',
    refused: {
      masked: 'That field is masked: agents cannot change it.',
      password: 'Password fields cannot be changed by agents.',
      restricted: 'That part of the page cannot be controlled by agents.',
      file: 'Agents cannot choose files for the visitor.',
      submit: 'Agents may not submit forms on this site.',
      navigation: 'That link leads away from the visitor\'s site.',
      not_writer: 'You do not have control of the page.',
      unknown_node: 'That element is no longer on the page.',
      not_allowed: 'That action is not possible there.',
      no_visitor: 'The visitor is not connected.'
    }
  };
  const guidancePanel = document.getElementById('viewer-guidance');
  const pointerButton = document.getElementById('viewer-pointer');
  const writeButton = document.getElementById('viewer-write');
  const guidanceStatus = document.getElementById('viewer-guidance-status');
  const overlay = document.getElementById('viewer-overlay');
  const choiceField = document.getElementById('viewer-choice-field');
  const choice = document.getElementById('viewer-choice');
  const guidance = {
    modes: [], pointing: false, writing: false, asked: false, lastPointer: 0, focusNode: 0,
    choiceNode: 0, scroll: null, sentScroll: null, lastScroll: 0, scrollTimer: 0
  };
  const SCROLL_EVERY_MS = 40;

  function sendGuidance(message) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(message));
    }
  }

  function guidanceGranted(modes) {
    guidance.modes = Array.isArray(modes) ? modes.filter(function (m) { return typeof m === 'string'; }) : [];
    const pointer = guidance.modes.indexOf('pointer') !== -1;
    const write = guidance.modes.indexOf('write') !== -1;
    guidancePanel.hidden = !pointer && !write;
    pointerButton.hidden = !pointer;
    writeButton.hidden = !write;
    guidance.writing = false;
    guidance.asked = false;
    updateGuidance();
  }

  function updateGuidance() {
    pointerButton.setAttribute('aria-pressed', guidance.pointing ? 'true' : 'false');
    pointerButton.textContent = guidance.pointing ? 'Hide my pointer' : 'Show my pointer';
    writeButton.textContent = guidance.writing ? 'Give back control' : 'Ask for control';
    writeButton.disabled = guidance.asked && !guidance.writing;
    overlay.hidden = !(guidance.pointing || guidance.writing) || stage.hidden;
    overlay.classList.toggle('viewer-overlay--write', guidance.writing);
    if (!guidance.writing) {
      hideChoice();
    }
    placeOverlay();
  }

  function guidanceMode(modeState, by) {
    guidance.asked = false;
    guidance.writing = modeState === 'granted';
    guidanceStatus.textContent = modeState === 'granted' ? GUIDANCE_TEXT.granted
      : modeState === 'declined' ? (by === 'relay' ? GUIDANCE_TEXT.declinedRelay : GUIDANCE_TEXT.declined)
        : by === 'agent' ? GUIDANCE_TEXT.released : GUIDANCE_TEXT.revoked;
    updateGuidance();
  }

  function guidanceRefused(reason) {
    const text = GUIDANCE_TEXT.refused[reason];
    guidanceStatus.textContent = text || GUIDANCE_TEXT.refused.not_allowed;
  }

  function placeOverlay() {
    if (overlay.hidden) {
      return;
    }
    const r = stage.getBoundingClientRect();
    overlay.style.left = (r.left + window.scrollX) + 'px';
    overlay.style.top = (r.top + window.scrollY) + 'px';
    overlay.style.width = r.width + 'px';
    overlay.style.height = r.height + 'px';
  }

  /** The replayed element under a point of the overlay, as {node, x, y, element}; null if none. */
  function replayTarget(clientX, clientY) {
    const replayer = replay.replayer;
    const frame = stage.querySelector('iframe');
    if (!replayer || !frame || !frame.contentDocument || typeof replayer.getMirror !== 'function') {
      return null;
    }
    const box = frame.getBoundingClientRect();
    const scale = frame.offsetWidth > 0 ? box.width / frame.offsetWidth : 1;
    const x = (clientX - box.left) / scale;
    const y = (clientY - box.top) / scale;
    // Hit testing ignores inert content: lifted for this one synchronous look-up only (no event can
    // reach the frame meanwhile), then restored.
    let element = null;
    frame.removeAttribute('inert');
    try {
      element = frame.contentDocument.elementFromPoint(x, y);
    } finally {
      frame.setAttribute('inert', '');
    }
    const id = element ? replayer.getMirror().getId(element) : -1;
    if (!(id > 0)) {
      return null;
    }
    const r = element.getBoundingClientRect();
    let locked = false;
    try {
      // What the replay can tell of the page's own marks: restricted or masked, password or file.
      locked = element.closest('[data-tandem-no-control], [data-tandem-masked], input[type=password], input[type=file]') !== null;
    } catch (ignored) {
      locked = false;
    }
    overlay.classList.toggle('viewer-overlay--locked', guidance.writing && locked);
    const clamp = function (v) { return Math.min(1, Math.max(0, v)); };
    return {
      node: id,
      element: element,
      x: r.width > 0 ? clamp((x - r.left) / r.width) : 0.5,
      y: r.height > 0 ? clamp((y - r.top) / r.height) : 0.5
    };
  }

  function onOverlayMove(event) {
    if (!(guidance.pointing || guidance.writing) || Date.now() - guidance.lastPointer < POINTER_EVERY_MS) {
      return;
    }
    const target = replayTarget(event.clientX, event.clientY); // also shows the lock cursor in write mode
    if (target && guidance.pointing) {
      guidance.lastPointer = Date.now();
      sendGuidance({ type: 'pointer', node: target.node, x: target.x, y: target.y });
    }
  }

  function onOverlayClick(event) {
    event.preventDefault();
    // The element under the pointer first: focusing may scroll the page, which moves the replay
    // under the event's coordinates.
    const target = replayTarget(event.clientX, event.clientY);
    overlay.focus({ preventScroll: true });
    if (!target) {
      return;
    }
    if (guidance.writing) {
      guidance.focusNode = target.node;
      const tag = target.element.localName;
      const type = tag === 'input' ? String(target.element.type).toLowerCase() : '';
      if (tag === 'select') {
        showChoice(target.node, target.element);
      } else if (type === 'checkbox' || type === 'radio') {
        hideChoice();
        // What the replay shows decides the new state (a radio is only ever chosen).
        sendGuidance({ type: 'control', action: 'check', node: target.node, checked: type === 'radio' || !target.element.checked });
      } else {
        hideChoice();
        sendGuidance({ type: 'control', action: 'click', node: target.node, x: target.x, y: target.y });
      }
    } else if (guidance.pointing) {
      sendGuidance({ type: 'pointer', node: target.node, x: target.x, y: target.y, click: true });
    }
  }

  function onOverlayKey(event) {
    if (!guidance.writing || !guidance.focusNode || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (['Enter', 'Tab', 'Backspace', 'Escape'].indexOf(event.key) !== -1) {
      event.preventDefault();
      sendGuidance({ type: 'control', action: 'key', node: guidance.focusNode, key: event.key });
    } else if (typeof event.key === 'string' && event.key.length === 1) {
      event.preventDefault();
      sendGuidance({ type: 'control', action: 'type', node: guidance.focusNode, text: event.key });
    }
  }

  // A list on the visitor's page: its options (values and texts, as the replay shows them) are
  // offered in the viewer's own list; the one the agent picks is sent as a select action.
  function showChoice(node, element) {
    while (choice.firstChild) {
      choice.removeChild(choice.firstChild);
    }
    Array.prototype.forEach.call(element.options || [], function (o) {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.textContent;
      choice.appendChild(option);
    });
    choice.value = element.value;
    guidance.choiceNode = node;
    choiceField.hidden = false;
    choice.focus();
  }

  function hideChoice() {
    guidance.choiceNode = 0;
    choiceField.hidden = true;
  }

  function onChoice() {
    if (guidance.writing && guidance.choiceNode) {
      sendGuidance({ type: 'control', action: 'select', node: guidance.choiceNode, value: choice.value });
    }
  }

  /** The element the wheel would scroll in the replay: a scrollable ancestor, else the document. */
  function scrollTarget(element, doc) {
    for (let e = element; e && e.nodeType === Node.ELEMENT_NODE && e !== doc.documentElement && e !== doc.body; e = e.parentElement) {
      const overflow = doc.defaultView.getComputedStyle(e).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && e.scrollHeight > e.clientHeight) {
        return e;
      }
    }
    return doc;
  }

  // The wheel over the replay in write mode scrolls the visitor's page (or the box under the
  // pointer) to where the replay is plus the wheel's distance, at most every 40 ms; the wheel's
  // distance accumulates meanwhile, so a quick spin is not lost.
  function onOverlayWheel(event) {
    if (!guidance.writing) {
      return;
    }
    event.preventDefault();
    const frame = stage.querySelector('iframe');
    const target = replayTarget(event.clientX, event.clientY);
    if (!frame || !frame.contentDocument || !target) {
      return;
    }
    const doc = frame.contentDocument;
    const scrolled = scrollTarget(target.element, doc);
    const node = replay.replayer.getMirror().getId(scrolled);
    if (!(node > 0)) {
      return;
    }
    const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? frame.offsetHeight : 1;
    const at = scrolled === doc
      ? { x: doc.defaultView.scrollX, y: doc.defaultView.scrollY }
      : { x: scrolled.scrollLeft, y: scrolled.scrollTop };
    // From the goal not yet sent, or the one just sent (the replay shows it a moment later), else the replay.
    const recent = guidance.sentScroll && guidance.sentScroll.node === node && Date.now() - guidance.lastScroll < 500
      ? guidance.sentScroll : at;
    const base = guidance.scroll && guidance.scroll.node === node ? guidance.scroll : recent;
    const bound = function (v) { return Math.min(10000000, Math.max(0, Math.round(v))); };
    guidance.scroll = { node: node, x: bound(base.x + event.deltaX * unit), y: bound(base.y + event.deltaY * unit) };
    if (!guidance.scrollTimer) {
      const wait = Math.max(0, SCROLL_EVERY_MS - (Date.now() - guidance.lastScroll));
      guidance.scrollTimer = window.setTimeout(sendScroll, wait);
    }
  }

  function sendScroll() {
    guidance.scrollTimer = 0;
    const goal = guidance.scroll;
    guidance.scroll = null;
    if (goal && guidance.writing) {
      guidance.lastScroll = Date.now();
      guidance.sentScroll = goal;
      sendGuidance({ type: 'control', action: 'scroll', node: goal.node, x: goal.x, y: goal.y });
    }
  }

  pointerButton.addEventListener('click', function () {
    guidance.pointing = !guidance.pointing;
    guidanceStatus.textContent = guidance.pointing ? GUIDANCE_TEXT.pointerOn : '';
    updateGuidance();
  });
  writeButton.addEventListener('click', function () {
    if (guidance.writing) {
      sendGuidance({ type: 'write-release' });
    } else {
      guidance.asked = true;
      guidanceStatus.textContent = GUIDANCE_TEXT.asked;
      sendGuidance({ type: 'write-request' });
    }
    updateGuidance();
  });
  overlay.addEventListener('pointermove', onOverlayMove);
  overlay.addEventListener('click', onOverlayClick);
  overlay.addEventListener('keydown', onOverlayKey);
  overlay.addEventListener('wheel', onOverlayWheel, { passive: false });
  choice.addEventListener('change', onChoice);
  window.addEventListener('scroll', placeOverlay, { passive: true });

  leaveButton.addEventListener('click', leave);
  signOutButton.addEventListener('click', signOut);
  ['pointerdown', 'pointermove', 'keydown', 'wheel'].forEach(function (type) {
    document.addEventListener(type, onActivity, { capture: true, passive: true });
  });
  ['pointerdown', 'pointermove', 'wheel'].forEach(function (type) {
    stage.addEventListener(type, onActivity, { passive: true });
  });
  window.addEventListener('resize', rescale);
  window.addEventListener('resize', placeOverlay);
  window.addEventListener('pagehide', function () {
    // The browser closes the socket itself; do not treat that as a drop to recover from.
    state.leaving = true;
    window.clearTimeout(state.reconnectTimer);
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      // Restored from the back/forward cache with a dead socket: start over cleanly.
      window.location.reload();
    }
  });

  start();
}());
