<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" session="false"
         import="io.wsgate.sample.Layout, io.wsgate.sample.Html" %><%
    String error = (String) request.getAttribute("error");
    String next = request.getParameter("next");
%><%= Layout.header(request, "Log in") %>
<% if (request.getParameter("loggedOut") != null) { %><p id="logged-out" class="ok">You are logged out.</p><% } %>
<% if (error != null) { %><p id="error" class="error"><%= Html.escape(error) %></p><% } %>
<form method="post" action="<%= Html.escape(request.getContextPath()) %>/login" class="login">
  <input type="hidden" name="next" value="<%= Html.escape(next == null ? "/" : next) %>">
  <label>User <input id="login-user" name="user" autocomplete="username" required autofocus></label>
  <label>Password <input id="login-password" name="password" type="password" autocomplete="current-password" required></label>
  <button id="login-submit" type="submit">Log in</button>
</form>
<p class="small">Demo users: <code>alice</code>, <code>bob</code> and <code>carol</code>, all with the password
<code>secret</code>. This page is rendered by <code id="rendered-by">login.jsp</code>.</p>
<%= Layout.footer() %>
