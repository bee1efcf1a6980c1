// The agent pages' one way to call Tandem's own API (console and viewer load it first): same-origin
// JSON calls with the container's session cookie, and errors turned into a sentence to show the
// agent. redirect: 'manual' so that an expired sign-in (the container redirects to the identity
// provider) shows up as a clear message instead of a cross-origin fetch that the CSP blocks.
(function () {
  'use strict';

  const SIGNED_OUT_MESSAGE = 'Your sign-in has expired. Reload the page to sign in again.';
  const NETWORK_MESSAGE = 'Could not reach the Tandem server. Check your connection and try again.';

  class ApiError extends Error {
    constructor(httpStatus, code, message) {
      super(message);
      this.name = 'ApiError';
      this.status = httpStatus;
      this.code = code;
    }
  }

  // One same-origin JSON call. Resolves with the parsed body (null for an empty one); rejects with an
  // ApiError carrying the HTTP status, the server's error code and a sentence to show the agent.
  function api(method, url, body) {
    const init = {
      method: method,
      credentials: 'same-origin',
      redirect: 'manual',
      cache: 'no-store',
      headers: { Accept: 'application/json' }
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      if (response.type === 'opaqueredirect' || response.status === 0) {
        throw new ApiError(0, 'signed_out', SIGNED_OUT_MESSAGE);
      }
      if (response.ok) {
        return response.text().then(function (text) {
          if (text === '') {
            return null;
          }
          try {
            return JSON.parse(text);
          } catch (ignored) {
            return null;
          }
        });
      }
      return response.text().then(function (text) {
        throw errorFrom(response.status, text);
      });
    }, function () {
      throw new ApiError(0, 'network', NETWORK_MESSAGE);
    });
  }

  function errorFrom(httpStatus, text) {
    let code = 'http_' + httpStatus;
    let message = '';
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        if (typeof parsed.error === 'string') {
          code = parsed.error;
        }
        if (typeof parsed.message === 'string') {
          message = parsed.message;
        }
      }
    } catch (ignored) {
      // Not JSON (a container error page, a proxy): fall back to a generic sentence below.
    }
    if (message === '') {
      message = 'The Tandem server refused the request (HTTP ' + httpStatus + '). Try again in a moment.';
    }
    return new ApiError(httpStatus, code, message);
  }

  // The sentence to show for any failure (an ApiError's own, else the network one).
  function messageOf(error) {
    return error instanceof ApiError ? error.message : NETWORK_MESSAGE;
  }

  Object.defineProperty(window, 'TandemAgentApi', {
    value: Object.freeze({ ApiError: ApiError, api: api, messageOf: messageOf, NETWORK_MESSAGE: NETWORK_MESSAGE }),
    writable: false,
    configurable: false
  });
})();
