// Agent console: shows who is signed in, lets the agent join a live session by its session key, and
// signs out. Talks only to our own API with the container's session cookie; no token is ever handled
// here (the join ticket the server sets is an HttpOnly cookie this script cannot see). Everything
// from the server is inserted as text, never HTML. Nothing is kept in localStorage or sessionStorage.
(function () {
  'use strict';

  const ME_URL = '../api/agent/me';
  const JOINS_URL = '../api/agent/joins';
  const LOGOUT_URL = '../api/agent/logout';
  // Where the viewer lives. A constant on purpose: the "viewer" field of the join answer is not
  // used as a navigation target, so the page can never be sent elsewhere by a response.
  const VIEWER_PAGE = 'viewer.html';
  const LANDING_PAGE = '../';
  const KEY_PATTERN = /^[A-Za-z0-9]{1,63}$/;

  // The API helper (static/agent-api.js, loaded before this script).
  const { ApiError, api, messageOf, NETWORK_MESSAGE } = window.TandemAgentApi;

  const status = document.getElementById('agent-status');
  const groups = document.getElementById('agent-groups');
  const joinForm = document.getElementById('join-form');
  const keyInput = document.getElementById('join-key');
  const groupField = document.getElementById('join-group-field');
  const groupSelect = document.getElementById('join-group');
  const joinSubmit = document.getElementById('join-submit');
  const joinError = document.getElementById('join-error');
  const signOutButton = document.getElementById('sign-out');
  const signOutError = document.getElementById('sign-out-error');

  let joining = false;
  let signingOut = false;

  // ---- Profile -----------------------------------------------------------------------------------

  function showProfile(profile) {
    if (!profile || typeof profile !== 'object') {
      throw new ApiError(0, 'bad_profile', 'unexpected answer');
    }
    const list = Array.isArray(profile.groups)
      ? profile.groups.filter(function (group) { return typeof group === 'string'; })
      : [];
    status.textContent = 'Signed in as ' + profile.displayName + ' (' + profile.subject + ')';
    status.dataset.subject = profile.subject;
    const adminLink = document.getElementById('admin-link');
    if (adminLink && profile.admin === true) {
      adminLink.hidden = false;
    }
    groups.replaceChildren();
    for (const group of list) {
      const item = document.createElement('li');
      item.textContent = group;
      groups.appendChild(item);
    }
    if (list.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'No co-browse groups: ask your administrator.';
      groups.appendChild(item);
    }
    showGroupChoice(list);
  }

  // The group list appears only for agents in more than one group. "Any of my groups" sends no group:
  // the server finds the key, and answers choose_group if it is live in several of them.
  function showGroupChoice(list) {
    groupSelect.replaceChildren();
    if (list.length > 1) {
      const any = document.createElement('option');
      any.value = '';
      any.textContent = 'Any of my groups';
      groupSelect.appendChild(any);
      for (const group of list) {
        const option = document.createElement('option');
        option.value = group;
        option.textContent = group;
        groupSelect.appendChild(option);
      }
      groupField.hidden = false;
    } else {
      groupField.hidden = true;
    }
  }

  function profileFailed(error) {
    let detail = 'unexpected answer';
    if (error instanceof ApiError && error.status > 0) {
      detail = 'HTTP ' + error.status;
    } else if (error instanceof ApiError && error.code === 'signed_out') {
      detail = 'your sign-in has expired';
    } else if (error instanceof ApiError && error.code === 'network') {
      detail = 'the server could not be reached';
    }
    status.textContent = 'Could not load your profile (' + detail + '). Reload to sign in again.';
  }

  // ---- Join --------------------------------------------------------------------------------------

  function showJoinError(message, focusTarget) {
    joinError.textContent = message;
    focusTarget.focus();
    if (focusTarget === keyInput) {
      keyInput.select();
    }
  }

  function clearJoinError() {
    joinError.textContent = '';
    keyInput.removeAttribute('aria-invalid');
  }

  function setJoining(busy) {
    joining = busy;
    joinSubmit.disabled = busy;
    if (busy) {
      joinForm.setAttribute('aria-busy', 'true');
    } else {
      joinForm.removeAttribute('aria-busy');
    }
  }

  function join(event) {
    event.preventDefault();
    if (joining) {
      return;
    }
    clearJoinError();
    const key = keyInput.value.trim();
    keyInput.value = key;
    if (key === '') {
      keyInput.setAttribute('aria-invalid', 'true');
      showJoinError('Enter the session key the visitor reads out to you.', keyInput);
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      keyInput.setAttribute('aria-invalid', 'true');
      showJoinError('A session key is 1 to 63 letters or digits, without spaces or other characters.', keyInput);
      return;
    }
    const groupId = !groupField.hidden && groupSelect.value !== '' ? groupSelect.value : null;

    setJoining(true);
    api('POST', JOINS_URL, { key: key, groupId: groupId })
      .then(function () {
        // 201: the server has set the HttpOnly join-ticket cookie. Redeem it here, before the
        // viewer loads, so that the viewer page's policy already names the visitor's site.
        return api('POST', JOINS_URL + '/redeem');
      })
      .then(function () {
        window.location.assign(VIEWER_PAGE);
      })
      .catch(function (error) {
        setJoining(false);
        const message = messageOf(error);
        if (error.code === 'choose_group' && !groupField.hidden) {
          showJoinError(message, groupSelect);
          return;
        }
        if (error.code === 'malformed' || error.code === 'bad_key' || error.code === 'no_such_session') {
          keyInput.setAttribute('aria-invalid', 'true');
        }
        showJoinError(message, keyInput);
      });
  }

  // ---- Sign out ----------------------------------------------------------------------------------

  function signOut() {
    if (signingOut) {
      return;
    }
    signingOut = true;
    signOutButton.disabled = true;
    signOutError.textContent = '';
    api('POST', LOGOUT_URL)
      .then(function () {
        window.location.assign(LANDING_PAGE);
      })
      .catch(function (error) {
        if (error.code === 'signed_out') {
          // The container sign-in is already gone: nothing left to sign out of here.
          window.location.assign(LANDING_PAGE);
          return;
        }
        signingOut = false;
        signOutButton.disabled = false;
        signOutError.textContent = error instanceof ApiError
          ? 'Sign-out failed: ' + error.message
          : 'Sign-out failed: ' + NETWORK_MESSAGE;
        signOutButton.focus();
      });
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  joinForm.addEventListener('submit', join);
  keyInput.addEventListener('input', function () {
    keyInput.removeAttribute('aria-invalid');
  });
  signOutButton.addEventListener('click', signOut);
  joinSubmit.disabled = false;

  api('GET', ME_URL)
    .then(showProfile)
    .catch(profileFailed);
}());
