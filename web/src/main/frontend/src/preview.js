/*
 * The visitor's "what the agent sees" preview: replays, in the visitor's own page, the events the
 * capture has sent to the server (masked and passed through the tripwire: the very texts that went
 * on the WebSocket), with rrweb's Replayer hardened by tandemReplayGuard (src/replay-guard.js) as
 * in the agent's viewer. Declares one local, tandemPreview, inside the capture bundle's wrapper.
 *
 * Nothing is sent anywhere, and the replay fetches nothing: the replay frame is about:blank and
 * inherits the host page's Content-Security-Policy, which may allow any image host, so every event
 * is first copied without what a browser would load: URL-bearing attributes (src, srcset, href,
 * poster, background, data, ...), url(), image-set() and @import in style attributes, inlined style
 * sheets, style elements and CSSOM changes (a style text with a CSS escape is left out whole), and
 * font events. The preview therefore shows no images or web fonts; everything the agent could read
 * is there.
 *
 * Under a host CSP without 'unsafe-inline' for styles, the browser refuses the replay's rebuilt
 * <style> elements and style attributes; the preview then applies that same (inert) CSS through
 * the CSSOM, which CSP does not restrict: the refused style elements' text as constructed style
 * sheets adopted by the replay's document, the refused style attributes as style.cssText.
 */
var tandemPreview = (function () {
  'use strict';

  const EVENT_FULL_SNAPSHOT = 2;
  const EVENT_INCREMENTAL = 3;
  const EVENT_META = 4;
  const SOURCE_MUTATION = 0;
  const SOURCE_VIEWPORT_RESIZE = 4;
  const SOURCE_STYLE_SHEET_RULE = 8;
  const SOURCE_CANVAS = 9;
  const SOURCE_FONT = 10;
  const SOURCE_STYLE_DECLARATION = 13;
  const SOURCE_ADOPTED_STYLE_SHEET = 15;
  const NODE_ELEMENT = 2;
  const NODE_TEXT = 3;
  const LIVE_BUFFER_MS = 500;

  // Attributes a browser may load something from (or navigate with), left out of the preview.
  const URL_ATTRIBUTES = ['src', 'srcset', 'href', 'xlink:href', 'poster', 'background', 'data', 'action',
    'formaction', 'imagesrcset', 'ping', 'codebase', 'archive', 'longdesc', 'lowsrc', 'dynsrc', 'manifest',
    'srcdoc', 'http-equiv', 'itemtype', 'profile', 'cite'];
  const CSS_RISK = /\\|url\s*\(|@import|image-set\s*\(|src\s*\(/i;

  /** CSS text with nothing to load: url(), image-set() and @import out; '' when in doubt. */
  function inertCss(text) {
    if (typeof text !== 'string' || !CSS_RISK.test(text)) {
      return text;
    }
    if (text.indexOf('\\') !== -1) {
      return ''; // an escape can spell url( in ways a pattern does not see: leave the style out
    }
    const out = text
      .replace(/@import[^;]*;?/gi, '')
      .replace(/url\s*\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\s*\)/gi, 'none')
      .replace(/(?:-webkit-)?image-set\s*\((?:[^()]|\([^()]*\))*\)/gi, 'none');
    return CSS_RISK.test(out) ? '' : out;
  }

  function inertAttributes(attributes) {
    if (!attributes || typeof attributes !== 'object') {
      return;
    }
    for (const key of Object.keys(attributes)) {
      const name = key.toLowerCase();
      const value = attributes[key];
      if (URL_ATTRIBUTES.indexOf(name) !== -1 || name.slice(0, 3) === 'rr_' && name !== 'rr_width'
          && name !== 'rr_height' && !(name === 'rr_dataurl' && typeof value === 'string' && /^data:image\//i.test(value))) {
        if (value === null) {
          continue; // a removal: nothing to load
        }
        delete attributes[key];
      } else if (typeof value === 'string' && (name === 'style' || name === '_csstext' || CSS_RISK.test(value))) {
        attributes[key] = inertCss(value);
      }
    }
  }

  /** Walks a serialized node tree; parentTag is the tag of the root's parent ('' unknown, '?' not resolved). */
  function inertTree(root, parentTag) {
    const stack = [{ node: root, parentTag: parentTag }];
    while (stack.length) {
      const item = stack.pop();
      const node = item.node;
      if (!node || typeof node !== 'object') {
        continue;
      }
      let tag = '';
      if (node.type === NODE_ELEMENT) {
        tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : '';
        inertAttributes(node.attributes);
      } else if (node.type === NODE_TEXT && typeof node.textContent === 'string'
          && (item.parentTag === 'style' || item.parentTag === '?')) {
        node.textContent = inertCss(node.textContent);
      }
      if (Array.isArray(node.childNodes)) {
        for (const child of node.childNodes) {
          stack.push({ node: child, parentTag: tag });
        }
      }
    }
  }

  /** The tag of a replayed node's parent: 'style', another tag, or '?' when not known yet. */
  function parentTagOf(mirror, id, ownId) {
    const own = mirror && typeof ownId === 'number' ? mirror.getNode(ownId) : null;
    const parent = own && own.parentNode ? own.parentNode : (mirror && typeof id === 'number' ? mirror.getNode(id) : null);
    return parent && typeof parent.nodeName === 'string' ? parent.nodeName.toLowerCase() : '?';
  }

  /**
   * Makes an event (a fresh copy) inert in place; false when it is left out of the preview.
   * `mirror` is the replayer's, to find what a text change belongs to (null: not known).
   */
  function inertEvent(event, mirror) {
    if (!event || typeof event !== 'object') {
      return false;
    }
    const data = event.data;
    if (event.type === EVENT_META) {
      return true;
    }
    if (event.type === EVENT_FULL_SNAPSHOT) {
      if (!data || !data.node) {
        return false;
      }
      inertTree(data.node, '');
      return true;
    }
    if (event.type !== EVENT_INCREMENTAL || !data || typeof data !== 'object') {
      return false; // custom and plugin events: nothing the agent's page shows
    }
    switch (data.source) {
      case SOURCE_MUTATION:
        (Array.isArray(data.adds) ? data.adds : []).forEach(function (add) {
          if (add && add.node) {
            inertTree(add.node, add.node.type === NODE_TEXT ? parentTagOf(mirror, add.parentId, add.node.id) : '');
          }
        });
        (Array.isArray(data.attributes) ? data.attributes : []).forEach(function (change) {
          if (change) {
            inertAttributes(change.attributes);
          }
        });
        (Array.isArray(data.texts) ? data.texts : []).forEach(function (change) {
          if (change && typeof change.value === 'string') {
            const tag = parentTagOf(mirror, null, change.id);
            if (tag === 'style' || tag === '?') {
              change.value = inertCss(change.value);
            }
          }
        });
        return true;
      case SOURCE_STYLE_SHEET_RULE:
        (Array.isArray(data.adds) ? data.adds : []).forEach(function (add) {
          if (add) {
            add.rule = inertCss(add.rule);
          }
        });
        if (typeof data.replace === 'string') {
          data.replace = inertCss(data.replace);
        }
        if (typeof data.replaceSync === 'string') {
          data.replaceSync = inertCss(data.replaceSync);
        }
        return true;
      case SOURCE_STYLE_DECLARATION:
        if (data.set && typeof data.set === 'object') {
          data.set.value = inertCss(data.set.value);
        }
        return true;
      case SOURCE_ADOPTED_STYLE_SHEET:
        (Array.isArray(data.styles) ? data.styles : []).forEach(function (style) {
          (style && Array.isArray(style.rules) ? style.rules : []).forEach(function (rule) {
            if (rule) {
              rule.rule = inertCss(rule.rule);
            }
          });
        });
        return true;
      case SOURCE_FONT:
      case SOURCE_CANVAS:
        return false;
      default:
        return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The one open preview of this page (null when closed).

  let view = null;

  function isEvent(event) {
    return Boolean(event) && typeof event === 'object' && typeof event.type === 'number'
      && typeof event.timestamp === 'number' && Number.isFinite(event.timestamp);
  }

  function rescale(current) {
    const wrapper = current.replayer && (current.replayer.wrapper || current.stage.querySelector('.replayer-wrapper'));
    if (!wrapper || !(current.width > 0) || !(current.height > 0)) {
      return;
    }
    const width = current.stage.clientWidth;
    const height = current.stage.clientHeight;
    const scale = Math.min(1, width > 0 ? width / current.width : 1, height > 0 ? height / current.height : 1);
    wrapper.style.setProperty('transform-origin', '0 0');
    wrapper.style.setProperty('transform', 'scale(' + scale + ')');
  }

  function viewport(current, width, height) {
    if (typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0) {
      current.width = width;
      current.height = height;
      rescale(current);
    }
  }

  /** Re-applies, through the CSSOM, the replay's styles that the page's CSP refused. */
  function restyle(current, frame) {
    const doc = frame.contentDocument;
    const win = frame.contentWindow;
    if (!doc || !win || typeof win.CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in doc)) {
      return;
    }
    const texts = [];
    const styles = doc.getElementsByTagName('style');
    for (let i = 0; i < styles.length; i++) {
      if (!styles[i].sheet && styles[i].textContent) {
        texts.push(styles[i].textContent); // refused: no sheet was made of it
      }
    }
    const text = texts.join('\n');
    if (text !== current.adoptedText || (text && doc.adoptedStyleSheets.length === 0)) {
      current.adoptedText = text;
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(inertCss(text));
      doc.adoptedStyleSheets = text ? [sheet] : [];
    }
    const styled = doc.querySelectorAll('[style]');
    for (let i = 0; i < styled.length; i++) {
      const element = styled[i];
      const declared = element.getAttribute('style');
      if (declared && element.style && element.style.length === 0) {
        element.style.cssText = inertCss(declared);
      }
    }
  }

  function scheduleRestyle(current, frame) {
    if (current.restyleTimer) {
      return;
    }
    current.restyleTimer = setTimeout(function () {
      current.restyleTimer = 0;
      if (view === current && frame.isConnected) {
        try {
          restyle(current, frame);
        } catch (ignored) {
          // the page's styles stay as the browser applied them
        }
      }
    }, 50);
  }

  function build(current, baseline) {
    tandemReplayGuard.destroy(current.replayer);
    current.adoptedText = '';
    current.replayer = tandemReplayGuard.create(current.rrweb, current.stage, baseline);
    if (!current.replayer) {
      throw new Error('replay frame not sandboxed as required');
    }
    const frame = current.stage.querySelector('iframe');
    current.replayer.on('event-cast', function () {
      scheduleRestyle(current, frame);
    });
    frame.setAttribute('title', 'What the agent sees (view only)');
    frame.setAttribute('tabindex', '-1');
    frame.style.setProperty('border', '0');
    frame.style.setProperty('background', '#ffffff');
  }

  /** Replays a batch of sent event texts (as one message carried them). */
  function replay(current, texts) {
    const events = [];
    for (const text of texts) {
      const event = JSON.parse(text);
      if (isEvent(event)) {
        events.push(event);
      }
    }
    let newest = 0;
    for (const event of events) {
      newest = Math.max(newest, event.timestamp);
    }
    for (const event of events) {
      if (event.type === EVENT_META || (!current.replayer && event.type === EVENT_FULL_SNAPSHOT)) {
        if (event.type === EVENT_META && event.data) {
          viewport(current, event.data.width, event.data.height);
        }
        build(current, newest - LIVE_BUFFER_MS);
      } else if (!current.replayer) {
        continue; // nothing to apply it to before a snapshot
      }
      const mirror = typeof current.replayer.getMirror === 'function' ? current.replayer.getMirror() : null;
      if (!inertEvent(event, mirror)) {
        continue;
      }
      if (event.type === EVENT_INCREMENTAL && event.data.source === SOURCE_VIEWPORT_RESIZE) {
        viewport(current, event.data.width, event.data.height);
      }
      current.replayer.addEvent(event);
      if (event.type === EVENT_FULL_SNAPSHOT) {
        rescale(current);
      }
    }
  }

  /** Closes the preview (if open); `onEnd` is told why unless the caller closed it. */
  function close(reason) {
    const current = view;
    view = null;
    if (!current) {
      return;
    }
    clearTimeout(current.restyleTimer);
    tandemReplayGuard.destroy(current.replayer);
    current.replayer = null;
    try {
      current.stage.replaceChildren();
    } catch (ignored) {
      // the stage is gone already
    }
    if (reason && typeof current.onEnd === 'function') {
      current.onEnd(reason);
    }
  }

  /**
   * Opens the preview in `stage` with the texts sent since the last Meta event; false (and nothing
   * shown) when it cannot be shown safely.
   */
  function open(rrweb, stage, texts, onEnd) {
    close();
    const current = { rrweb: rrweb, stage: stage, replayer: null, width: 0, height: 0, onEnd: onEnd,
      adoptedText: '', restyleTimer: 0 };
    view = current;
    try {
      replay(current, texts);
      return true;
    } catch (e) {
      close();
      return false;
    }
  }

  /** A message the capture has just sent: its event texts, in order. */
  function sent(texts) {
    const current = view;
    if (!current) {
      return;
    }
    try {
      replay(current, texts);
    } catch (e) {
      close('preview_failed');
    }
  }

  return { open: open, sent: sent, close: close, isOpen: function () { return view !== null; }, inertEvent: inertEvent, inertCss: inertCss };
}());
