/*
 * Tandem's own UI on a visitor's page, one implementation for both scripts that show it: the
 * elements, the buttons, the card look and the modal dialog with its focus trap. The sharing
 * consent and the preview (src/visitor.js, served as visitor/tandem-visitor.js) and the write-mode
 * consent (src/guidance.js, in visitor/tandem-capture.js) are all built here. build.mjs puts this
 * file inside each bundle's wrapper, so each bundle has its own local `tandemModal` and the page's
 * globals get nothing.
 *
 * Strict-CSP compatible, as both scripts must be: elements come from createElement, text from
 * textContent, styles from the CSSOM only (style.setProperty, marked important, from `all: revert`
 * so the host page's stylesheets do not reach in); no markup strings, no style attribute, no inline
 * handler, nothing evaluated. Every element carries the class tandem-ui (never recorded by the
 * capture, never the agent's to press). Keys count only when the browser says the visitor pressed
 * them (isTrusted): the page cannot answer a dialog for her.
 */
var tandemModal = (function () {
  'use strict';

  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

  function guard(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (e) {
        return undefined; // never disturb the host page
      }
    };
  }

  function css(element, styles) {
    Object.keys(styles).forEach(function (name) {
      element.style.setProperty(name, styles[name], 'important');
    });
  }

  function el(tag, styles, attributes, text) {
    var element = document.createElement(tag);
    element.style.setProperty('all', 'revert', 'important');
    css(element, styles || {});
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (text !== undefined && text !== null) {
      element.textContent = text;
    }
    element.classList.add('tandem-ui');
    return element;
  }

  function focus(element) {
    try {
      if (element && element.isConnected && typeof element.focus === 'function') {
        element.focus();
      }
    } catch (e) {
      // the element may refuse focus: nothing to do
    }
  }

  function isFocusVisible(element) {
    try {
      return element.matches(':focus-visible');
    } catch (e) {
      return true;
    }
  }

  var BUTTON_VARIANTS = {
    primary: { background: '#1d4ed8', hover: '#1e40af', color: '#ffffff', border: '1px solid #1d4ed8' },
    danger: { background: '#b91c1c', hover: '#991b1b', color: '#ffffff', border: '1px solid #b91c1c' },
    secondary: { background: '#ffffff', hover: '#f3f4f6', color: '#111827', border: '1px solid #4b5563' }
  };

  /** A button (type=button) of a variant: primary, danger or secondary; `label`, if given, its aria-label. */
  function button(id, text, variant, label) {
    var look = BUTTON_VARIANTS[variant];
    var attributes = { id: id, type: 'button' };
    if (label) {
      attributes['aria-label'] = label;
    }
    var element = el('button', {
      display: 'inline-block', margin: '0', padding: '9px 16px', 'min-height': '40px', 'border-radius': '6px',
      border: look.border, background: look.background, color: look.color, 'font-family': FONT, 'font-size': '15px',
      'font-weight': '600', 'line-height': '1.2', 'text-align': 'center', 'text-decoration': 'none', 'text-transform': 'none',
      'letter-spacing': 'normal', cursor: 'pointer', appearance: 'none', '-webkit-appearance': 'none', outline: 'none',
      'box-shadow': 'none', 'box-sizing': 'border-box'
    }, attributes, text);
    element.addEventListener('focus', guard(function () {
      if (isFocusVisible(element)) {
        css(element, { outline: '3px solid #1d4ed8', 'outline-offset': '2px', 'box-shadow': '0 0 0 2px #ffffff' });
      }
    }));
    element.addEventListener('blur', guard(function () {
      css(element, { outline: 'none', 'box-shadow': 'none' });
    }));
    element.addEventListener('mouseenter', guard(function () {
      css(element, { background: look.hover });
    }));
    element.addEventListener('mouseleave', guard(function () {
      css(element, { background: look.background });
    }));
    return element;
  }

  /** The card look: the visitor script's panel and notes, and every dialog (no z-index: each script sets its own). */
  var CARD = {
    display: 'block', position: 'fixed', right: '16px', bottom: '16px', left: 'auto', top: 'auto', width: '20rem',
    'max-width': 'calc(100vw - 32px)', 'max-height': 'calc(100vh - 32px)', overflow: 'auto', margin: '0', padding: '16px',
    background: '#ffffff', color: '#111827', border: '1px solid #9ca3af', 'border-radius': '10px',
    'box-shadow': '0 10px 30px rgba(0, 0, 0, 0.28)', 'box-sizing': 'border-box', 'font-family': FONT, 'font-size': '15px',
    'font-weight': '400', 'font-style': 'normal', 'line-height': '1.45', 'text-align': 'left', 'letter-spacing': 'normal',
    'text-transform': 'none', 'white-space': 'normal', visibility: 'visible', opacity: '1', transform: 'none',
    transition: 'none', animation: 'none', outline: 'none'
  };

  /** What a key does in an open dialog: 'cancel' (Escape), 'next' or 'previous' (Tab, Shift+Tab), or null. */
  function keyAction(event) {
    if (!event || event.isTrusted !== true) {
      return null;
    }
    if (event.key === 'Escape' || event.key === 'Esc') {
      return 'cancel';
    }
    if (event.key === 'Tab') {
      return event.shiftKey ? 'previous' : 'next';
    }
    return null;
  }

  /** The control Tab (or Shift+Tab) moves to from `active`, round the dialog's controls. */
  function nextControl(controls, active, backwards) {
    var index = controls.indexOf(active);
    if (backwards) {
      return index <= 0 ? controls[controls.length - 1] : controls[index - 1];
    }
    return index === -1 || index === controls.length - 1 ? controls[0] : controls[index + 1];
  }

  /**
   * A modal dialog, put into `parent` and focus trapped in it until it is closed: a dimmed backdrop
   * over the whole window with a card in its middle, role=dialog, aria-modal, labelled by its title
   * and described by the element whose id is `describedBy` (the caller adds it to `dialog`).
   * options: {id, width, title, describedBy, zIndex, parent,
   *           controls: the dialog's buttons in Tab order (Tab and Shift+Tab go round them),
   *           home: where focus goes back when it leaves the dialog (default: the dialog),
   *           initial: what has focus when it opens (default: home),
   *           cancel(): what Escape does}.
   * `fill(dialog)` adds the content below the title before the dialog is shown.
   * Returns {backdrop, dialog, close()}: close() removes it and ends the trap (focus is the caller's to restore).
   */
  function open(options, fill) {
    var backdrop = el('div', {
      display: 'flex', position: 'fixed', top: '0', right: '0', bottom: '0', left: '0', margin: '0', padding: '16px',
      background: 'rgba(17, 24, 39, 0.55)', 'align-items': 'center', 'justify-content': 'center', 'box-sizing': 'border-box',
      'z-index': options.zIndex
    }, { id: options.id + '-backdrop' });
    var dialog = el('div', Object.assign({}, CARD, {
      position: 'relative', right: 'auto', bottom: 'auto', width: options.width, 'max-width': '100%', padding: '20px 22px',
      'z-index': options.zIndex
    }), {
      id: options.id, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': options.id + '-title',
      'aria-describedby': options.describedBy, tabindex: '-1'
    });
    dialog.appendChild(el('h2', {
      display: 'block', margin: '0 0 12px 0', padding: '0', color: '#111827', 'font-family': FONT, 'font-size': '20px',
      'font-weight': '700', 'line-height': '1.3'
    }, { id: options.id + '-title' }, options.title));
    fill(dialog);
    backdrop.appendChild(dialog);
    var home = options.home || dialog;
    var isOpen = true;
    var inside = guard(function (event) {
      if (isOpen && event.target instanceof Node && !dialog.contains(event.target)) {
        focus(home);
      }
    });
    var keys = guard(function (event) {
      var action = isOpen ? keyAction(event) : null;
      if (!action) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (action === 'cancel') {
        options.cancel();
      } else {
        focus(nextControl(options.controls, document.activeElement, action === 'previous'));
      }
    });
    options.parent.appendChild(backdrop);
    document.addEventListener('focusin', inside, true);
    document.addEventListener('keydown', keys, true);
    focus(options.initial || home);
    return {
      backdrop: backdrop,
      dialog: dialog,
      close: function () {
        if (!isOpen) {
          return;
        }
        isOpen = false;
        document.removeEventListener('focusin', inside, true);
        document.removeEventListener('keydown', keys, true);
        if (backdrop.parentNode) {
          backdrop.parentNode.removeChild(backdrop);
        }
      }
    };
  }

  return {
    FONT: FONT, CARD: CARD, css: css, el: el, focus: focus, button: button, open: open, keyAction: keyAction,
    nextControl: nextControl
  };
}());
