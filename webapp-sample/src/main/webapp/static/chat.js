/* The chat page: messages and the presence list from /chat, the form sends plain text. Needs live.js. */
(function () {
  'use strict';

  var list = document.getElementById('messages');
  var presence = document.getElementById('presence');
  var input = document.getElementById('text');

  function add(message) {
    var item = document.createElement('li');
    var who = document.createElement('strong');
    who.textContent = message.user;
    var time = document.createElement('time');
    time.textContent = new Date(message.time).toLocaleTimeString();
    item.appendChild(time);
    item.appendChild(who);
    item.appendChild(document.createTextNode(' ' + message.text));
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  var chat = Live.connect('/chat', {
    indicator: 'chat-state',
    label: 'chat',
    onmessage: function (message) {
      if (message.type === 'history') {
        list.textContent = '';     // a reconnect sends the history again
        message.messages.forEach(add);
      } else if (message.type === 'message') {
        add(message);
      } else if (message.type === 'presence') {
        presence.textContent = '';
        message.users.forEach(function (user) {
          var item = document.createElement('li');
          item.textContent = user;
          presence.appendChild(item);
        });
      }
    },
    onend: function () {
      // Signed out: nobody is shown as online to us any more, and there is nowhere to send to.
      presence.textContent = '';
      input.disabled = true;
      document.querySelector('#say button').disabled = true;
    }
  });

  document.getElementById('say').addEventListener('submit', function (event) {
    event.preventDefault();
    if (chat.send(input.value)) input.value = '';
  });
})();
