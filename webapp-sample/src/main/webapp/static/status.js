/*
 * status.js: keeps the /status page current without a reload. Every 2 s it fetches the page again and swaps in its
 * #status-live part; it stops once the fetch lands anywhere else (the session ended: the login page).
 */
(function () {
  'use strict';

  var live = document.getElementById('status-live');
  if (!live) return;
  var stamp = document.getElementById('status-updated');

  function refresh() {
    fetch(location.href, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error('status ' + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('status-live');
        if (!fresh) throw new Error('no status in the answer');
        live.innerHTML = fresh.innerHTML;
        if (stamp) stamp.textContent = 'updated ' + new Date().toLocaleTimeString();
        setTimeout(refresh, 2000);
      })
      .catch(function (failure) {
        if (stamp) stamp.textContent = 'not updating any more (' + failure.message + '); reload the page';
      });
  }

  setTimeout(refresh, 2000);
})();
