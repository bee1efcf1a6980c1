// Agent console: shows who is signed in. Talks only to our own API with the session cookie;
// no token is ever handled here. Everything from the server is inserted as text, never HTML.
(function () {
  'use strict';

  const status = document.getElementById('agent-status');
  const groups = document.getElementById('agent-groups');

  function showProfile(profile) {
    status.textContent = 'Signed in as ' + profile.displayName + ' (' + profile.subject + ')';
    status.dataset.subject = profile.subject;
    groups.replaceChildren();
    for (const group of profile.groups || []) {
      const item = document.createElement('li');
      item.textContent = group;
      groups.appendChild(item);
    }
    if (!profile.groups || profile.groups.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'No co-browse groups: ask your administrator.';
      groups.appendChild(item);
    }
  }

  fetch('../api/agent/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    })
    .then(showProfile)
    .catch(function (error) {
      status.textContent = 'Could not load your profile (' + error.message + '). Reload to sign in again.';
    });
}());
