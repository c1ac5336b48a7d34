/*
 * live.js: the pages' one WebSocket helper, hand-written, no build step.
 * Live.connect(path, options) opens ws(s)://<this host><context path><path> with the browser's own WebSocket,
 * reconnects after a drop with exponential backoff (0.5 s doubling to 30 s, with jitter so that a restarted
 * server is not hit by every page at once), and shows the connection state in an indicator element.
 * A close with 1008 (policy violation: the HTTP session ended, e.g. logged out) is final: no reconnect, the
 * header shows the user as signed out with a link to the login page, and options.onend is called. options.onmessage gets each message parsed as JSON.
 * Every signed-in page connects to /notifications and shows what is pushed there.
 */
(function () {
  'use strict';

  var context = document.body.dataset.context || '';

  function url(path) {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + context + path;
  }

  function connect(path, options) {
    var indicator = options.indicator ? document.getElementById(options.indicator) : null;
    var label = options.label || path;
    var delay = 500;
    var socket = null;
    var leaving = false;

    function show(state, text, code) {
      if (!indicator) return;
      indicator.dataset.state = state;
      if (code !== undefined) indicator.dataset.closeCode = String(code);
      indicator.textContent = label + ': ' + text;
      indicator.className = 'ws-state ' + state;
    }

    function open() {
      show('connecting', 'connecting\u2026');
      socket = new WebSocket(url(path));
      socket.onopen = function () {
        delay = 500;
        show('open', 'connected');
        // What the handshake negotiated (permessage-deflate with Chromium), for people and tests to see.
        if (indicator) {
          indicator.dataset.extensions = socket.extensions;
          indicator.title = socket.extensions ? 'extensions: ' + socket.extensions : 'no extensions';
        }
      };
      socket.onmessage = function (event) {
        if (options.onmessage) options.onmessage(JSON.parse(event.data));
      };
      socket.onclose = function (event) {
        if (leaving) return;
        var why = event.code + (event.reason ? ' ' + event.reason : '');
        if (event.code === 1008) {
          show('ended', 'closed (' + why + '), log in again', event.code);
          signedOut();
          if (options.onend) options.onend(event);
          return;
        }
        var wait = Math.round(delay * (0.75 + Math.random() / 2));
        delay = Math.min(delay * 2, 30000);
        show('retrying', 'closed (' + why + '), retrying in ' + Math.ceil(wait / 1000) + ' s', event.code);
        setTimeout(open, wait);
      };
    }

    // Leaving or reloading the page closes the socket; that close is not a drop to recover from.
    window.addEventListener('pagehide', function () {
      leaving = true;
      if (socket) socket.close();
    });
    open();

    return {
      send: function (text) {
        if (!socket || socket.readyState !== WebSocket.OPEN) return false;
        socket.send(text);
        return true;
      }
    };
  }

  // The HTTP session is gone (1008): the header stops claiming a signed-in user and offers the login page.
  function signedOut() {
    var who = document.querySelector('header .who');
    if (!who || who.dataset.signedOut) return;
    who.dataset.signedOut = 'true';
    delete document.body.dataset.user;
    // Everything before the connection indicator: "signed in as <user>" and the logout form.
    while (who.firstChild && who.firstChild.id !== 'ws-state') who.removeChild(who.firstChild);
    var note = document.createElement('span');
    note.id = 'signed-out';
    note.appendChild(document.createTextNode('signed out (your session ended) \u00b7 '));
    var login = document.createElement('a');
    login.id = 'login-again';
    login.href = context + '/login';
    login.textContent = 'Log in';
    note.appendChild(login);
    note.appendChild(document.createTextNode(' '));
    who.insertBefore(note, who.firstChild);
  }

  function showNotice(notice) {
    var area = document.getElementById('notifications');
    if (!area || notice.type !== 'notice') return;
    var item = document.createElement('div');
    item.className = 'notice';
    item.textContent = notice.user + ': ' + notice.text;
    area.insertBefore(item, area.firstChild);
    while (area.children.length > 5) area.removeChild(area.lastChild);
  }

  window.Live = { connect: connect };

  if (document.body.dataset.user) {
    connect('/notifications', { indicator: 'ws-state', label: 'live', onmessage: showNotice });
  }
})();
