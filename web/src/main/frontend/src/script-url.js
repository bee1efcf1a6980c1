// Trusted Types for the two scripts Tandem adds to a page: build.mjs puts this file in the wrappers
// of loader.js (policy "tandem-loader") and visitor.js ("tandem-capture"), each then has its own
// local tandemScriptUrl. The policy accepts exactly one URL; ES5, like the loader.
function tandemScriptUrl(policyName, url) {
  'use strict';
  var trustedTypes = window.trustedTypes;
  if (trustedTypes && typeof trustedTypes.createPolicy === 'function') {
    try {
      return trustedTypes.createPolicy(policyName, {
        createScriptURL: function (value) {
          if (value !== url) {
            throw new TypeError('Tandem: unexpected script URL');
          }
          return value;
        }
      }).createScriptURL(url);
    } catch (e) {
      // policy name not allowed by the page: plain string (works when Trusted Types are off)
    }
  }
  return url;
}
