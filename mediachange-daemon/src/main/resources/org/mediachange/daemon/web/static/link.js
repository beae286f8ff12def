// mediachange answer link page: shows the request an answer link is for and answers it
// when, and only when, the button is pressed. Opening the link answers nothing (mail
// scanners and link previews open links by themselves). The token in the page's own
// address is the credential; every text from the request goes in with textContent only.
'use strict';

(function () {
  var WORDS = { ok: 'OK', cancel: 'Cancel' };
  var here = location.pathname;
  var $ = function (id) { return document.getElementById(id); };

  // Control, bidi and line-separator characters become visible escapes (text.js).
  var visible = mediachangeText.visible;

  function age(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) { return s + ' s'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + ' min'; }
    var h = Math.floor(m / 60);
    return h < 24 ? h + ' h ' + (m % 60) + ' min' : Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }

  function problem(text) {
    $('link-title').textContent = 'This link does not work';
    $('link-request').hidden = true;
    $('link-error').textContent = text;
    document.title = 'Link not working – mediachange';
  }

  function unreachable() {
    $('link-error').textContent = 'The daemon could not be reached; try again.';
  }

  // Reads a JSON answer; anything else (a proxy's error page) counts as unreachable.
  function call(url, options, ok) {
    return fetch(url, options).then(function (r) {
      return r.json().then(function (body) {
        if (r.ok) { ok(body); } else { problem(body.error || ('HTTP ' + r.status)); }
      });
    });
  }

  function show(d) {
    var word = WORDS[d.answer];
    $('link-title').textContent = 'Answer ' + word + ' to request ' + d.id + '?';
    document.title = 'Answer ' + word + ' to request ' + d.id + '? – mediachange';
    $('link-id').textContent = 'Request ' + d.id;
    $('link-host').textContent = visible(d.host);
    $('link-peer').textContent = d.peer !== d.host ? visible(d.peer) : '';
    $('link-age').textContent = 'waiting ' + age(Date.parse(d.now) - Date.parse(d.received));
    $('link-message').textContent = visible(d.message);
    var button = $('link-answer');
    button.textContent = word;
    button.className = d.answer;
    button.addEventListener('click', function () { answer(button); });
    $('link-request').hidden = false;
  }

  function answer(button) {
    button.disabled = true;
    $('link-error').textContent = '';
    call(here, {
      method: 'POST', headers: { 'X-Requested-By': 'mediachange' }, credentials: 'omit', cache: 'no-store'
    }, function (body) {
      $('link-title').textContent = 'Answered ' + WORDS[body.answer];
      document.title = 'Answered – mediachange';
      $('link-age').textContent = '';
      $('link-buttons').hidden = true;
      $('link-hint').hidden = true;
      $('link-result').textContent = 'Request ' + body.id + ' answered ' + WORDS[body.answer]
          + '. You can close this page.';
    }).catch(function () {
      button.disabled = false;
      unreachable();
    });
  }

  call(here + '/info', { credentials: 'omit', cache: 'no-store' }, show).catch(unreachable);
}());
