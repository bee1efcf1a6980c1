// Administrator page: live sessions with "End", revoking an agent, and each co-browse group's
// settings. Uses the administrator API with the container's session cookie (same origin, so the
// server's same-origin guard lets the changes through; a page elsewhere cannot). Everything from the
// server is inserted as text, never HTML; nothing is stored in the browser.
(function () {
  'use strict';

  const SESSIONS_URL = '../api/admin/sessions';
  const GROUPS_URL = '../api/admin/groups';
  const REF_PATTERN = /^[0-9a-f]{64}$/;
  const GROUP_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

  const status = document.getElementById('admin-status');
  const sessionsBody = document.querySelector('#sessions tbody');
  const sessionsError = document.getElementById('sessions-error');
  const groupsBox = document.getElementById('groups');
  const groupsError = document.getElementById('groups-error');
  const revokeForm = document.getElementById('revoke-form');
  const revokeSubject = document.getElementById('revoke-subject');
  const revokeResult = document.getElementById('revoke-result');

  function api(method, url, body) {
    const init = { method: method, credentials: 'same-origin', redirect: 'manual', cache: 'no-store',
      headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      if (response.type === 'opaqueredirect' || response.status === 401) {
        throw new Error('Your sign-in has expired. Reload the page to sign in again.');
      }
      if (response.status === 403) {
        throw new Error('Only administrators may use this page.');
      }
      return response.text().then(function (text) {
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!response.ok) {
          throw new Error(json && typeof json.message === 'string' ? json.message : 'The server refused (' + response.status + ').');
        }
        return json;
      });
    });
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function loadSessions() {
    sessionsError.textContent = '';
    return api('GET', SESSIONS_URL).then(function (answer) {
      sessionsBody.replaceChildren();
      (answer.sessions || []).forEach(function (s) {
        if (!REF_PATTERN.test(s.sessionRef)) {
          return;
        }
        const row = document.createElement('tr');
        row.dataset.ref = s.sessionRef;
        cell(row, String(s.group));
        cell(row, String(s.key));
        cell(row, String(s.origin));
        cell(row, String(s.startedAt));
        const end = document.createElement('button');
        end.type = 'button';
        end.className = 'button button--secondary session-end';
        end.textContent = 'End';
        end.addEventListener('click', function () {
          end.disabled = true;
          api('POST', '../api/admin/sessions/' + s.sessionRef + '/end').then(loadSessions, function (e) {
            sessionsError.textContent = e.message;
            end.disabled = false;
          });
        });
        cell(row, '').appendChild(end);
        sessionsBody.appendChild(row);
      });
    }, function (e) { sessionsError.textContent = e.message; });
  }

  function field(form, label, name, value) {
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const id = 'g-' + form.dataset.group + '-' + name;
    const l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    let input;
    if (typeof value === 'boolean') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = value;
    } else if (Array.isArray(value)) {
      input = document.createElement('textarea');
      input.rows = 3;
      input.value = value.join('\n');
    } else {
      input = document.createElement('input');
      input.type = typeof value === 'number' ? 'number' : 'text';
      input.value = String(value);
    }
    input.id = id;
    input.name = name;
    input.className = 'input';
    wrap.append(l, input);
    form.appendChild(wrap);
  }

  const EDITABLE = [
    ['Name', 'displayName'], ['Enabled', 'enabled'], ['Allowed origins (one per line)', 'origins'],
    ['Key length', 'keyLength'], ['Masked selectors (one per line)', 'maskedSelectors'],
    ['Blocked selectors (one per line)', 'blockedSelectors'], ['Mask all inputs', 'maskAllInputs'],
    ['Idle timeout (seconds)', 'idleTimeoutSeconds'], ['Maximum duration (seconds)', 'maxDurationSeconds'],
    ['Agents at once', 'maxAgents']
  ];

  function changesOf(form, group) {
    const change = {};
    EDITABLE.forEach(function (pair) {
      const name = pair[1];
      const input = form.elements.namedItem(name);
      const before = group[name];
      let now;
      if (typeof before === 'boolean') {
        now = input.checked;
      } else if (Array.isArray(before)) {
        now = input.value.split('\n').map(function (s) { return s.trim(); }).filter(function (s) { return s !== ''; });
      } else if (typeof before === 'number') {
        now = Number(input.value);
      } else {
        now = input.value;
      }
      if (JSON.stringify(now) !== JSON.stringify(before)) {
        change[name] = now;
      }
    });
    return change;
  }

  function showGroup(group) {
    if (!GROUP_PATTERN.test(group.id)) {
      return;
    }
    const form = document.createElement('form');
    form.className = 'group-form';
    form.dataset.group = group.id;
    form.noValidate = true;
    const title = document.createElement('h3');
    title.textContent = group.id;
    form.appendChild(title);
    EDITABLE.forEach(function (pair) { field(form, pair[0], pair[1], group[pair[1]]); });
    const save = document.createElement('button');
    save.type = 'submit';
    save.className = 'button';
    save.textContent = 'Save';
    const result = document.createElement('p');
    result.className = 'message group-result';
    result.setAttribute('role', 'status');
    form.append(save, result);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      const change = changesOf(form, group);
      if (Object.keys(change).length === 0) {
        result.textContent = 'Nothing changed.';
        return;
      }
      save.disabled = true;
      api('PATCH', GROUPS_URL + '/' + group.id, change).then(function (updated) {
        result.textContent = 'Saved.';
        group = updated;
      }, function (e) { result.textContent = e.message; }).finally(function () { save.disabled = false; });
    });
    groupsBox.appendChild(form);
  }

  function loadGroups() {
    return api('GET', GROUPS_URL).then(function (answer) {
      groupsBox.replaceChildren();
      (answer.groups || []).forEach(showGroup);
    }, function (e) { groupsError.textContent = e.message; });
  }

  revokeForm.addEventListener('submit', function (event) {
    event.preventDefault();
    const subject = revokeSubject.value.trim();
    if (subject === '' || subject.length > 255) {
      revokeResult.textContent = 'Enter the agent\u2019s subject.';
      return;
    }
    api('POST', '../api/admin/agents/' + encodeURIComponent(subject) + '/revoke').then(function () {
      revokeResult.textContent = 'Revoked: every pass and sign-in of ' + subject + ' until now is void.';
      return loadSessions();
    }, function (e) { revokeResult.textContent = e.message; });
  });

  document.getElementById('sessions-reload').addEventListener('click', loadSessions);
  Promise.all([loadSessions(), loadGroups()]).then(function () {
    status.textContent = sessionsError.textContent || groupsError.textContent ? 'Some parts could not be loaded.' : 'Ready.';
  });
}());
