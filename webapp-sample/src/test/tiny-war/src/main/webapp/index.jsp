<%@ page contentType="text/html;charset=UTF-8" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tiny</title></head>
<body>
<p id="jsp">rendered by a JSP: <%= 6 * 7 %></p>
<p id="echo">waiting</p>
<script>
  // README: a page of the application connects to context path + endpoint path.
  var echo = document.getElementById('echo');
  var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
      + '<%= request.getContextPath() %>/echo');
  ws.onopen = function () { ws.send('hello over WebSocket'); };
  ws.onmessage = function (event) { echo.textContent = 'echoed: ' + event.data; };
  ws.onclose = function (event) { if (echo.textContent === 'waiting') echo.textContent = 'closed ' + event.code; };
</script>
</body></html>
