/*
 * Tandem agent guidance on the visitor's page: agents' pointers, the write-mode consent prompt,
 * the take-back control, and agents' actions applied after tandemControl.decide (src/control.js)
 * allowed them. build.mjs puts this file inside the visitor bundle's wrapper, after control.js and
 * before capture.js, which creates one guide per capture run (the local `tandemGuidance`).
 *
 * Everything here is the visitor script's own UI (class tandem-ui: never recorded, never the
 * agent's to press). Styles go through the CSSOM only (element.style.setProperty), which a strict
 * CSP allows; no HTML is ever set and nothing is evaluated. Agents' actions only ever reach an
 * element found by id in capture's rrweb mirror, and only as a fixed set of events: focus, input,
 * change, keydown/keyup, click (HTMLElement.click), scrollTo, form.requestSubmit (when allowed).
 * The visitor's answers need trusted events (isTrusted): the page cannot press them for her.
 */
var tandemGuidance = (function () {
  'use strict';

  var Z_INDEX = '2147483001';
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var COLOURS = ['#c2410c', '#7e22ce', '#047857', '#be123c', '#1d4ed8', '#a16207'];
  /** Take back control: Alt+Shift+X (also Escape while the take-back bar has focus). */
  var TAKE_BACK_KEY = 'x';
  var DOCUMENT_NODE = 9;

  // Elements, buttons and the consent dialog are src/modal.js's, shared with the visitor script's
  // sharing consent and preview (one look, one focus trap).
  var css = tandemModal.css;
  var el = tandemModal.el;

  function button(id, text, primary) {
    var element = tandemModal.button(id, text, primary ? 'primary' : 'secondary');
    css(element, { margin: '0 8px 0 0' });
    return element;
  }

  function remove(element) {
    if (element && element.parentNode) {
      element.parentNode.removeChild(element);
    }
  }

  /**
   * options: {mirror (rrweb's record mirror), describe(element) -> target for tandemControl,
   * policy {submitAllowed, origin, writeNeedsApproval}, answer(object) (sends to the server)}.
   */
  function create(options) {
    var pointers = {}; // agent id -> {root, label, node, x, y}
    var colourIndex = 0;
    var hidden = false;
    var writer = null; // agent id holding write mode
    var writerName = '';
    var prompt = null; // {agent, root, cancel}
    var bar = null;
    var frame = 0;
    var stopped = false;

    function host() {
      return document.body || document.documentElement;
    }

    // --- pointers

    function place(p) {
      var target = options.mirror.getNode(p.node);
      if (hidden || !target || typeof target.getBoundingClientRect !== 'function') {
        css(p.root, { display: 'none' });
        return;
      }
      var r = target.getBoundingClientRect();
      css(p.root, {
        display: 'block',
        left: Math.round(r.left + p.x * r.width) + 'px',
        top: Math.round(r.top + p.y * r.height) + 'px'
      });
    }

    function placeAll() {
      frame = 0;
      Object.keys(pointers).forEach(function (id) {
        place(pointers[id]);
      });
    }

    function schedule() {
      if (!frame && !stopped) {
        frame = requestAnimationFrame(placeAll);
      }
    }

    function pointer(agent, name, m) {
      var p = pointers[agent];
      if (!p) {
        var colour = COLOURS[colourIndex++ % COLOURS.length];
        var root = el('div', {
          display: 'none', position: 'fixed', margin: '0', padding: '0', width: '0', height: '0',
          'pointer-events': 'none', 'z-index': Z_INDEX
        }, { 'data-tandem-pointer': agent, 'aria-hidden': 'true' });
        var dot = el('div', {
          display: 'block', position: 'absolute', left: '-7px', top: '-7px', width: '14px', height: '14px',
          'border-radius': '50%', background: colour, border: '2px solid #ffffff', 'box-sizing': 'border-box'
        });
        var label = el('div', {
          display: 'block', position: 'absolute', left: '10px', top: '10px', padding: '2px 6px', 'border-radius': '4px',
          background: colour, color: '#ffffff', 'font-family': FONT, 'font-size': '12px', 'white-space': 'nowrap'
        }, null, name);
        root.appendChild(dot);
        root.appendChild(label);
        host().appendChild(root);
        p = pointers[agent] = { root: root, dot: dot, colour: colour, node: m.node, x: m.x, y: m.y };
        showBar();
      }
      p.node = m.node;
      p.x = m.x;
      p.y = m.y;
      place(p);
      if (m.click === true) {
        css(p.dot, { 'box-shadow': '0 0 0 8px ' + p.colour + '66' });
        setTimeout(function () {
          css(p.dot, { 'box-shadow': 'none' });
        }, 600);
      }
    }

    function dropPointer(agent) {
      if (pointers[agent]) {
        remove(pointers[agent].root);
        delete pointers[agent];
      }
    }

    // --- the bar: hide/show pointers, take back control

    function showBar() {
      if (bar) {
        update();
        return;
      }
      var root = el('div', {
        display: 'block', position: 'fixed', left: '16px', bottom: '16px', margin: '0', padding: '10px 12px',
        background: '#ffffff', color: '#111827', border: '1px solid #9ca3af', 'border-radius': '8px',
        'box-shadow': '0 6px 20px rgba(0,0,0,0.25)', 'font-family': FONT, 'font-size': '14px', 'z-index': Z_INDEX
      }, { id: 'tandem-guidance', role: 'region', 'aria-label': 'Agent guidance' });
      var status = el('p', { display: 'block', margin: '0 0 8px 0', padding: '0' }, { id: 'tandem-guidance-status', role: 'status' });
      var toggle = button('tandem-pointers-toggle', 'Hide pointers', false);
      var takeBack = button('tandem-take-back', 'Take back control (Alt+Shift+X)', true);
      toggle.addEventListener('click', function (event) {
        if (event.isTrusted) {
          hidden = !hidden;
          update();
          schedule();
        }
      });
      takeBack.addEventListener('click', function (event) {
        if (event.isTrusted) {
          revoke();
        }
      });
      root.appendChild(status);
      root.appendChild(toggle);
      root.appendChild(takeBack);
      host().appendChild(root);
      bar = { root: root, status: status, toggle: toggle, takeBack: takeBack };
      update();
    }

    function update() {
      if (!bar) {
        return;
      }
      bar.toggle.textContent = hidden ? 'Show pointers' : 'Hide pointers';
      bar.status.textContent = writer ? writerName + ' can control this page.' : 'Agents can point at this page.';
      css(bar.takeBack, { display: writer ? 'inline-block' : 'none' });
    }

    // --- write mode

    function endWrite(agent) {
      if (writer === agent) {
        writer = null;
        writerName = '';
        update();
      }
    }

    function revoke() {
      if (!writer) {
        return;
      }
      var agent = writer;
      endWrite(agent);
      options.answer({ type: 'guidance', agent: agent, write: 'revoked' });
    }

    function answer(agent, granted) {
      if (granted) {
        writer = agent.id;
        writerName = agent.name;
        showBar();
      }
      options.answer({ type: 'guidance', agent: agent.id, write: granted ? 'granted' : 'declined' });
    }

    function ask(agent) {
      if (writer && writer !== agent.id) {
        options.answer({ type: 'guidance', agent: agent.id, write: 'declined' }); // one writer at a time
        return;
      }
      if (prompt) {
        if (prompt.agent !== agent.id) {
          options.answer({ type: 'guidance', agent: agent.id, write: 'declined' });
        }
        return;
      }
      if (options.policy.writeNeedsApproval === false) {
        answer(agent, true);
        return;
      }
      openPrompt(agent);
    }

    function openPrompt(agent) {
      var previous = document.activeElement;
      var allow = button('tandem-write-allow', 'Allow control', true);
      var keep = button('tandem-write-keep', 'Keep control', false);
      var shown = null;
      function close(granted) {
        if (!shown) {
          return;
        }
        shown.close();
        shown = null;
        prompt = null;
        tandemModal.focus(previous);
        if (granted !== null) {
          answer(agent, granted);
        }
      }
      allow.addEventListener('click', function (event) {
        if (event.isTrusted) {
          close(true);
        }
      });
      keep.addEventListener('click', function (event) {
        if (event.isTrusted) {
          close(false);
        }
      });
      shown = tandemModal.open({
        id: 'tandem-write-consent', width: '28rem', title: agent.name + ' asks to control this page', describedBy: 'tandem-write-consent-desc',
        zIndex: Z_INDEX, parent: host(), controls: [allow, keep], initial: keep, cancel: function () { close(false); }
      }, function (dialog) {
        dialog.appendChild(el('p', { display: 'block', margin: '0 0 16px 0', padding: '0' }, { id: 'tandem-write-consent-desc' },
          'If you allow it, ' + agent.name + ' can click, scroll, type into fields, choose options and tick boxes on '
          + 'this page. They cannot change masked fields or passwords, upload files, leave this site'
          + (options.policy.submitAllowed === true ? '' : ' or submit forms')
          + '. Take control back at any time with the button at the bottom of the page or Alt+Shift+X.'));
        dialog.appendChild(allow);
        dialog.appendChild(keep);
      });
      prompt = { agent: agent.id, cancel: close };
    }

    function onKey(event) {
      if (event.isTrusted && writer && event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey
          && typeof event.key === 'string' && event.key.toLowerCase() === TAKE_BACK_KEY) {
        event.preventDefault();
        revoke();
      }
    }

    // --- actions

    var lastReported = {};

    /** Reports a refusal: at most once a second per agent and reason (a flood is one row a second). */
    function refuse(agent, reason) {
      var now = Date.now();
      var k = agent + ' ' + reason;
      if (lastReported[k] && now - lastReported[k] < 1000) {
        return;
      }
      lastReported[k] = now;
      options.answer({ type: 'guidance', agent: agent, refused: reason });
    }

    function nativeSetter(element, property) {
      var proto = Object.getPrototypeOf(element);
      while (proto) {
        var d = Object.getOwnPropertyDescriptor(proto, property);
        if (d && typeof d.set === 'function') {
          return d.set;
        }
        proto = Object.getPrototypeOf(proto);
      }
      return null;
    }

    function setValue(element, value) {
      var set = nativeSetter(element, 'value');
      if (set) {
        set.call(element, value);
      } else {
        element.value = value;
      }
      element.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function key(element, name) {
      var init = { key: name, code: name, bubbles: true, cancelable: true };
      var proceed = element.dispatchEvent(new KeyboardEvent('keydown', init));
      if (proceed) {
        if (name === 'Backspace') {
          setValue(element, String(element.value).slice(0, -1));
        } else if (name === 'Enter') {
          if (element.localName === 'textarea') {
            setValue(element, element.value + '\n');
          } else if (element.form && options.policy.submitAllowed === true && typeof element.form.requestSubmit === 'function') {
            element.form.requestSubmit();
          }
        }
      }
      element.dispatchEvent(new KeyboardEvent('keyup', init));
    }

    function control(agent, m) {
      if (writer !== agent) {
        refuse(agent, 'not_writer');
        return;
      }
      var element = options.mirror.getNode(m.node);
      if (m.action === 'scroll' && element && element.nodeType === DOCUMENT_NODE) {
        window.scrollTo(m.x, m.y);
        return;
      }
      var verdict;
      try {
        verdict = tandemControl.decide(m, options.describe(element), options.policy);
      } catch (e) {
        verdict = { ok: false, reason: 'not_allowed' }; // fail closed
      }
      if (!verdict.ok) {
        refuse(agent, verdict.reason);
        return;
      }
      switch (m.action) {
        case 'scroll':
          element.scrollTo(m.x, m.y);
          break;
        case 'type':
          element.focus();
          setValue(element, element.value + String(m.text));
          break;
        case 'key':
          element.focus();
          key(element, m.key);
          break;
        case 'select':
          if (!Array.prototype.some.call(element.options, function (o) { return o.value === m.value; })) {
            refuse(agent, 'not_allowed');
            return;
          }
          element.focus();
          setValue(element, m.value);
          element.dispatchEvent(new Event('change', { bubbles: true }));
          break;
        case 'check':
          if (element.checked !== (m.checked === true)) {
            element.click(); // the page's own handlers see a click, as when the visitor ticks it
          }
          break;
        default:
          if (typeof element.focus === 'function') {
            element.focus();
          }
          element.click();
          break;
      }
    }

    function onAgent(message) {
      if (stopped || !message || typeof message.agent !== 'string' || !message.message) {
        return;
      }
      var agent = { id: message.agent, name: typeof message.name === 'string' ? message.name : 'Agent' };
      var m = message.message;
      switch (m.type) {
        case 'pointer':
          pointer(agent.id, agent.name, m);
          break;
        case 'write-request':
          ask(agent);
          break;
        case 'write-release':
        case 'write-end':
          endWrite(agent.id);
          break;
        case 'left':
          dropPointer(agent.id);
          endWrite(agent.id);
          if (prompt && prompt.agent === agent.id) {
            prompt.cancel(null);
          }
          break;
        case 'control':
          control(agent.id, m);
          break;
        default:
          break;
      }
    }

    function stop() {
      stopped = true;
      window.removeEventListener('scroll', schedule, true);
      window.removeEventListener('resize', schedule);
      document.removeEventListener('keydown', onKey, true);
      if (prompt) {
        prompt.cancel(null);
      }
      Object.keys(pointers).forEach(dropPointer);
      if (bar) {
        remove(bar.root);
        bar = null;
      }
      writer = null;
    }

    window.addEventListener('scroll', schedule, { capture: true, passive: true });
    window.addEventListener('resize', schedule, { passive: true });
    document.addEventListener('keydown', onKey, true);
    return { onAgent: onAgent, stop: stop };
  }

  return { create: create };
}());
