// mediachange web console. Plain JavaScript, no framework and no build step.
// Every text from a request (message, host) goes into the page with textContent only,
// never as HTML; the server's Content-Security-Policy forbids inline script besides.
'use strict';

(function () {
  var HEADERS = { 'X-Requested-By': 'mediachange', 'Content-Type': 'application/json' };
  var RECENT_SHOWN = 50;
  var RETRY_MS = 2000;

  var $ = function (id) { return document.getElementById(id); };
  var pending = new Map();      // id -> { info, element }
  var clockOffset = 0;          // server time minus this browser's time, in ms
  var stream = null;
  var retryTimer = null;
  var alerts = { audio: null, on: localStorage.getItem('mediachange.alerts') === 'on' };

  // ---- text: what a person sees (text.js: same escapes as the dialog and the logs) ----
  var visible = mediachangeText.visible;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function age(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) { return s + ' s'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + ' min ' + (s % 60) + ' s'; }
    var h = Math.floor(m / 60);
    if (h < 24) { return h + ' h ' + (m % 60) + ' min'; }
    return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }

  function clockTime(iso) {
    var d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString();
  }

  var OUTCOMES = {
    ok: 'Ok', cancel: 'Cancel', timeout: 'Timed out', withdrawn: 'Withdrawn by its client'
  };
  function outcomeText(outcome) {
    if (OUTCOMES[outcome]) { return OUTCOMES[outcome]; }
    if (outcome.indexOf('undeliverable:') === 0) {
      return (OUTCOMES[outcome.slice(14)] || outcome.slice(14)) + ', but the client had gone';
    }
    if (outcome === 'error:shutting-down') { return 'Ended: daemon stopping'; }
    return outcome;
  }
  function byText(by) {
    if (!by) { return ''; }
    if (by === 'dialog') { return 'on the console dialog'; }
    if (by.indexOf('web:') === 0) { return 'by ' + by.slice(4); }
    if (by === 'link') { return 'through an answer link'; }
    return 'by ' + by;
  }

  // ---- status line, title, sections ----

  function setStatus(text, kind) {
    var s = $('status');
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  function updateCount() {
    var n = pending.size;
    document.title = n ? '(' + n + ') mediachange' : 'mediachange';
    $('pending-count').textContent = n ? '(' + n + ')' : '';
    $('none-pending').hidden = n > 0;
  }

  function show(section) {
    $('login').hidden = section !== 'login';
    $('console').hidden = section !== 'console';
    $('logout').hidden = section !== 'console';
    $('alerts').hidden = section !== 'console' || !('Notification' in window || window.AudioContext);
    if (section === 'login') {
      $('who').textContent = '';
      $('login-name').focus();
    }
  }

  // ---- pending requests ----

  function pendingItem(info, fresh) {
    var li = el('li', 'request' + (fresh ? ' new' : ''));
    li.dataset.id = String(info.id);
    var meta = el('div', 'meta');
    meta.appendChild(el('span', 'id', 'Request ' + info.id));
    meta.appendChild(el('span', 'host', visible(info.host)));
    if (info.peer !== info.host) { meta.appendChild(el('span', 'peer', visible(info.peer))); }
    meta.appendChild(el('span', 'age', ''));
    li.appendChild(meta);
    li.appendChild(el('p', 'message', visible(info.message)));
    var buttons = el('div', 'buttons');
    var ok = el('button', 'ok', 'OK');
    var cancel = el('button', 'cancel', 'Cancel');
    ok.type = cancel.type = 'button';
    ok.addEventListener('click', function () { answer(info.id, 'ok', li); });
    cancel.addEventListener('click', function () { answer(info.id, 'cancel', li); });
    buttons.appendChild(ok);
    buttons.appendChild(cancel);
    li.appendChild(buttons);
    li.appendChild(el('p', 'error', ''));
    return li;
  }

  function addPending(info, fresh) {
    if (pending.has(info.id)) { return; }
    var item = pendingItem(info, fresh);
    pending.set(info.id, { info: info, element: item });
    $('pending').appendChild(item);
    tickAges();
    updateCount();
    if (fresh) { announce(info, pending.get(info.id)); }
  }

  function removePending(id) {
    var p = pending.get(id);
    if (p) {
      if (p.notification) { p.notification.close(); }
      p.element.remove();
      pending.delete(id);
      updateCount();
    }
  }

  function tickAges() {
    var now = Date.now() + clockOffset;
    pending.forEach(function (p) {
      p.element.querySelector('.age').textContent = age(now - Date.parse(p.info.received));
    });
  }

  function answer(id, word, li) {
    li.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    var error = li.querySelector('.error');
    error.textContent = '';
    fetch('api/requests/' + id + '/answer', {
      method: 'POST', headers: HEADERS, credentials: 'same-origin', body: JSON.stringify({ answer: word })
    }).then(function (r) {
      if (r.status === 401) { loggedOut(); return null; }
      return r.json().then(function (body) {
        if (!r.ok) {
          error.textContent = body.error || ('HTTP ' + r.status);
          li.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
        }
        // On success the stream's "closed" event removes the request, here and on every other page.
      });
    }).catch(function () {
      error.textContent = 'The daemon could not be reached; try again.';
      li.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
    });
  }

  // ---- recent outcomes ----

  function recentItem(c) {
    var li = el('li');
    li.dataset.id = String(c.id);
    var outcome = el('span', 'outcome ' + c.outcome.replace(/[^a-z]/g, ''), outcomeText(c.outcome));
    li.appendChild(outcome);
    var what = 'Request ' + c.id + ' ' + byText(c.by) + ' · ' + visible(c.host) + ' · ' + clockTime(c.closed);
    li.appendChild(el('span', 'what', what));
    li.appendChild(el('span', 'text', visible(c.message)));
    return li;
  }

  function addRecent(c, atTop) {
    var list = $('recent');
    var item = recentItem(c);
    if (atTop) { list.insertBefore(item, list.firstChild); } else { list.appendChild(item); }
    while (list.children.length > RECENT_SHOWN) { list.removeChild(list.lastChild); }
    $('none-recent').hidden = list.children.length > 0;
  }

  // ---- the live stream ----

  function snapshot(s) {
    clockOffset = Date.parse(s.now) - Date.now();
    var known = new Set();
    s.pending.forEach(function (info) { known.add(info.id); addPending(info, false); });
    Array.from(pending.keys()).forEach(function (id) { if (!known.has(id)) { removePending(id); } });
    $('recent').textContent = '';
    s.recent.forEach(function (c) { addRecent(c, false); });
    $('none-recent').hidden = s.recent.length > 0;
    updateCount();
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stream) { stream.close(); }
    stream = new EventSource('api/events');
    stream.addEventListener('snapshot', function (e) {
      snapshot(JSON.parse(e.data));
      setStatus('Live', 'live');
    });
    stream.addEventListener('opened', function (e) { addPending(JSON.parse(e.data), true); });
    stream.addEventListener('closed', function (e) {
      var c = JSON.parse(e.data);
      removePending(c.id);
      addRecent(c, true);
    });
    // The session ended (logout here or in another tab, expiry, a new password): log in again.
    stream.addEventListener('ended', function (e) {
      var why = JSON.parse(e.data).reason;
      loggedOut();
      setStatus('Logged out: ' + why);
    });
    stream.onerror = function () {
      setStatus('Connection lost: reconnecting…', 'down');
      if (stream.readyState === EventSource.CLOSED) {
        // Refused (e.g. the session ended): find out whether to log in again.
        stream.close();
        stream = null;
        retryTimer = setTimeout(start, RETRY_MS);
      }
    };
  }

  function stop() {
    clearTimeout(retryTimer);
    if (stream) { stream.close(); stream = null; }
    pending.forEach(function (p, id) { removePending(id); });
  }

  function loggedOut() {
    stop();
    setStatus('Not logged in');
    show('login');
  }

  // Asks who is logged in; then streams, shows the login form, or tries again later.
  function start() {
    fetch('api/session', { headers: HEADERS, credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { loggedOut(); return; }
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json().then(function (s) {
        $('who').textContent = s.operator;
        show('console');
        connect();
      });
    }).catch(function () {
      setStatus('The daemon cannot be reached: retrying…', 'down');
      retryTimer = setTimeout(start, RETRY_MS);
    });
  }

  // ---- login and logout ----

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var error = $('login-error');
    var button = $('login-submit');
    error.textContent = '';
    button.disabled = true;
    fetch('login', {
      method: 'POST', headers: HEADERS, credentials: 'same-origin',
      body: JSON.stringify({ name: $('login-name').value, password: $('login-password').value })
    }).then(function (r) {
      return r.json().then(function (body) {
        if (r.ok) {
          $('login-password').value = '';
          start();
        } else {
          error.textContent = r.status === 401 ? 'Wrong name or password.' : (body.error || 'HTTP ' + r.status);
        }
      });
    }).catch(function () {
      error.textContent = 'The daemon could not be reached.';
    }).finally(function () {
      button.disabled = false;
    });
  });

  $('logout').addEventListener('click', function () {
    fetch('logout', { method: 'POST', headers: HEADERS, credentials: 'same-origin' })
      .finally(loggedOut);
  });

  // ---- alerts: a chime and a desktop notification for each new request, once allowed ----

  function alertsButton() {
    $('alerts').textContent = alerts.on ? 'Turn alerts off' : 'Turn alerts on';
  }

  function unlockAudio() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (alerts.on && !alerts.audio && Ctx) { alerts.audio = new Ctx(); }
    if (alerts.audio && alerts.audio.state === 'suspended') { alerts.audio.resume(); }
  }

  $('alerts').addEventListener('click', function () {
    alerts.on = !alerts.on;
    localStorage.setItem('mediachange.alerts', alerts.on ? 'on' : 'off');
    alertsButton();
    unlockAudio();
    if (alerts.on && 'Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission();
    }
    if (alerts.on) { chime(); }
  });
  // Browsers let a page make sound only after a click: any click will do.
  document.addEventListener('click', unlockAudio);

  function chime() {
    var a = alerts.audio;
    if (!a || a.state !== 'running') { return; }
    [880, 1320].forEach(function (freq, i) {
      var t = a.currentTime + i * 0.18;
      var osc = a.createOscillator();
      var gain = a.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.5);
      osc.connect(gain);
      gain.connect(a.destination);
      osc.start(t);
      osc.stop(t + 0.55);
    });
  }

  function announce(info, entry) {
    if (!alerts.on) { return; }
    chime();
    if ('Notification' in window && Notification.permission === 'granted') {
      var n = entry.notification = new Notification('Request ' + info.id + ' from ' + visible(info.host), {
        body: visible(info.message), tag: 'mediachange-' + info.id
      });
      n.onclick = function () { window.focus(); n.close(); };
    }
  }

  alertsButton();
  setInterval(tickAges, 1000);
  start();
}());
