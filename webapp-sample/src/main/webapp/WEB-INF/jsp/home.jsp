<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" session="false"
         import="io.wsgate.sample.Layout, io.wsgate.sample.Html, java.util.List" %><%
    String ctx = Html.escape(request.getContextPath());
    @SuppressWarnings("unchecked") List<String> online = (List<String>) request.getAttribute("online");
%><%= Layout.header(request, "wsgate sample") %>
<p id="about">This is an ordinary Java web application: servlets and JSP pages, a form login kept in the
HttpSession by the application's own filter, and a form that posts and redirects. It gets WebSocket from one jar
in <code>WEB-INF/lib</code>, wsgate, whose filter in <code>web.xml</code> sits after the login filter. The
endpoints are plain Jakarta WebSocket <code>@ServerEndpoint</code> classes: a chat room that knows who you are from
your HttpSession, notifications pushed to every open page when someone posts the form, and an echo endpoint for
diagnostics. Log out and your open sockets are closed with code 1008. The pages use the browser's own
<code>WebSocket</code> through one small script, <code>live.js</code>, which reconnects with exponential backoff and
shows its state at the top right.</p>
<ul class="links">
  <li><a id="to-chat" href="<%= ctx %>/room">Chat</a>: the room, the last 50 messages and who is online</li>
  <li><a id="to-post" href="<%= ctx %>/post">Post a notice</a>: a plain form; every open page shows what you post</li>
  <li><a id="to-status" href="<%= ctx %>/status">Status</a>: the WebSocket sessions open right now</li>
  <li><code>ws://&hellip;<%= ctx %>/echo</code>: echo for diagnostics (no login, text and binary, up to 16 MiB)</li>
</ul>
<p>In the chat now: <span id="online"><%= online == null || online.isEmpty() ? "nobody" : Html.escape(String.join(", ", online)) %></span></p>
<p class="small">This page is rendered by <code id="rendered-by">home.jsp</code>.</p>
<%= Layout.footer() %>
