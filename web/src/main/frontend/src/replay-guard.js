/*
 * Replay hardening shared by every rrweb replay Tandem shows: the agent's viewer
 * (static/replay-guard.js, before agent-viewer.js) and the visitor's "what the agent sees" preview
 * (inside visitor/tandem-capture.js). Declares one name, tandemReplayGuard: a global on the agent's
 * own page, a local inside the capture bundle's wrapper (build.mjs).
 *
 * create() builds a live-mode rrweb Replayer in a stage element and refuses (destroys it, returns
 * null) unless rrweb's iframe is sandboxed with exactly "allow-same-origin" (no script can run in
 * the replay); the frame is then made inert, and every activation that would still reach it
 * (clicks, submits, key presses, drags) is cancelled in the capture phase, again after every
 * rebuild (rrweb's document.open() drops listeners).
 */
var tandemReplayGuard = (function () {
  'use strict';

  const REQUIRED_SANDBOX = 'allow-same-origin';
  // Activation in the replay that would navigate or submit: links (HTML and SVG), area, forms.
  const GUARDED_EVENTS = ['click', 'auxclick', 'dblclick', 'submit', 'keydown', 'keypress', 'dragstart', 'drop'];

  function cancel(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  /** The stage holds exactly one iframe, rrweb's, sandboxed with exactly allow-same-origin. */
  function frameIsSafe(stage, replayer) {
    const frames = stage.querySelectorAll('iframe');
    if (frames.length !== 1) {
      return false;
    }
    const frame = frames[0];
    return (!replayer.iframe || replayer.iframe === frame)
      && frame.getAttribute('sandbox') === REQUIRED_SANDBOX
      && frame.sandbox.length === 1 && frame.sandbox.contains(REQUIRED_SANDBOX);
  }

  /** Cancels, in the capture phase, every activation inside the replay's document and window. */
  function guardDocument(frame) {
    const win = frame.contentWindow;
    if (!win) {
      return;
    }
    GUARDED_EVENTS.forEach(function (type) {
      win.removeEventListener(type, cancel, true);
      win.addEventListener(type, cancel, true);
    });
  }

  /** Stops a replayer's scheduled events and takes it down; never throws. */
  function destroy(replayer) {
    if (!replayer) {
      return;
    }
    try {
      if (replayer.timer && typeof replayer.timer.clear === 'function') {
        replayer.timer.clear(); // no more scheduled events against a removed frame
      }
    } catch (ignored) {
      // Nothing scheduled.
    }
    try {
      if (typeof replayer.destroy === 'function') {
        replayer.destroy();
      }
    } catch (ignored) {
      // Already gone.
    }
  }

  /**
   * A live-mode Replayer in `stage` (emptied first), started at `baseline`; null when rrweb is
   * missing or its frame is not sandboxed as required (the stage is then emptied again).
   */
  function create(rrweb, stage, baseline) {
    stage.replaceChildren();
    if (!rrweb || typeof rrweb.Replayer !== 'function') {
      return null;
    }
    const replayer = new rrweb.Replayer([], {
      root: stage,
      liveMode: true,
      mouseTail: false,
      triggerFocus: false,
      UNSAFE_replayCanvas: false,
      insertStyleRules: [],
      pauseAnimation: false,
      // Events older than the baseline (an old catch-up) are applied at once, straight to the
      // frame: rrweb's virtual DOM is only flushed by play(), never in live mode.
      useVirtualDom: false
    });
    if (!frameIsSafe(stage, replayer)) {
      destroy(replayer);
      stage.replaceChildren();
      return null;
    }
    const frame = stage.querySelector('iframe');
    // What a click in the replay does is decided here, not by the visitor's page: nothing. inert
    // keeps focus, clicks and keyboard activation out of the frame; the listeners cancel any
    // activation that still gets there.
    frame.setAttribute('inert', '');
    guardDocument(frame);
    replayer.on('fullsnapshot-rebuilded', function () {
      guardDocument(frame);
    });
    replayer.startLive(baseline);
    return replayer;
  }

  return { create: create, destroy: destroy, frameIsSafe: frameIsSafe, guardDocument: guardDocument };
}());
