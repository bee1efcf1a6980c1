/*
 * Tandem agent control: the visitor script's final word on what an agent in write mode may do.
 * build.mjs puts this file inside the visitor bundle's wrapper (the local `tandemControl`), and the
 * Node tests load it on its own (test/control.test.mjs). Pure: it judges a plain description of
 * the target element (made by capture.js from the element it found by id in its own rrweb mirror)
 * and the action; it touches no DOM and evaluates nothing.
 *
 *   decide(action, target, policy) -> {ok: true} | {ok: false, reason}
 *
 * action  {action: 'click'|'type'|'key'|'select'|'check'|'scroll', key?}
 * target  {known, ownUi, tag, type, disabled, readOnly, masked, password, restricted,
 *          submits, formOrigin, linkOrigin, linkScheme, inForm}
 * policy  {submitAllowed, origin}
 * reasons unknown_node, restricted, file, password, masked, submit, navigation, not_allowed
 * (the same codes the server audits as CONTROL_REFUSED; docs/protocol.md)
 */
var tandemControl = (function () {
  'use strict';

  var TYPEABLE = ['text', 'search', 'email', 'tel', 'url', 'number'];
  var KEYS = ['Enter', 'Tab', 'Backspace', 'Escape'];
  var ACTIONS = ['click', 'type', 'key', 'select', 'check', 'scroll'];

  function no(reason) {
    return { ok: false, reason: reason };
  }

  var YES = { ok: true };

  function typeable(t) {
    if (t.disabled || t.readOnly) {
      return false;
    }
    return t.tag === 'textarea' || (t.tag === 'input' && TYPEABLE.indexOf(t.type) !== -1);
  }

  /** A form submitted from here leaves for another origin: navigation, whatever the group allows. */
  function submission(t, policy) {
    if (policy.submitAllowed !== true) {
      return no('submit');
    }
    if (typeof t.formOrigin === 'string' && t.formOrigin !== policy.origin) {
      return no('navigation');
    }
    return YES;
  }

  function decide(action, target, policy) {
    var a = action && typeof action === 'object' ? action : {};
    var t = target && typeof target === 'object' ? target : {};
    var p = policy && typeof policy === 'object' ? policy : {};
    if (ACTIONS.indexOf(a.action) === -1) {
      return no('not_allowed');
    }
    if (t.known !== true) {
      return no('unknown_node');
    }
    // Tandem's own UI (the consent prompt, the take-back button) is never the agent's to press.
    if (t.ownUi !== false) {
      return no('restricted');
    }
    if (t.type === 'file') {
      return no('file');
    }
    if (t.password !== false) {
      return no('password');
    }
    if (t.masked !== false) {
      return no('masked');
    }
    if (t.restricted !== false) {
      return no('restricted');
    }
    switch (a.action) {
      case 'scroll':
        return YES;
      case 'type':
        return typeable(t) ? YES : no('not_allowed');
      case 'key':
        if (KEYS.indexOf(a.key) === -1 || !typeable(t)) {
          return no('not_allowed');
        }
        // Enter in a single-line field of a form submits it (implicit submission).
        if (a.key === 'Enter' && t.tag === 'input' && t.inForm === true) {
          return submission(t, p);
        }
        return YES;
      case 'select':
        return t.tag === 'select' && !t.disabled ? YES : no('not_allowed');
      case 'check':
        return t.tag === 'input' && (t.type === 'checkbox' || t.type === 'radio') && !t.disabled ? YES : no('not_allowed');
      default: // click
        if (t.disabled) {
          return no('not_allowed');
        }
        if (t.submits === true) {
          return submission(t, p);
        }
        if (typeof t.linkScheme === 'string') {
          if (t.linkScheme !== 'http:' && t.linkScheme !== 'https:') {
            return no('navigation'); // javascript:, data:, other schemes
          }
          if (t.linkOrigin !== p.origin) {
            return no('navigation');
          }
        }
        return YES;
    }
  }

  return { decide: decide, TYPEABLE: TYPEABLE };
}());
