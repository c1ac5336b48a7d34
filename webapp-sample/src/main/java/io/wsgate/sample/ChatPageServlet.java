package io.wsgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/** The chat page; live.js connects it to the /chat endpoint. */
public final class ChatPageServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print(Layout.header(request, "Chat"));
        out.print("""
                <p>Connection: <span id="chat-state" class="ws-state" data-state="idle">chat: idle</span></p>
                <div class="chat">
                  <section>
                    <ol id="messages" class="messages"></ol>
                    <form id="say" class="say" autocomplete="off">
                      <input id="text" name="text" maxlength="1000" placeholder="Say something" required>
                      <button type="submit">Send</button>
                    </form>
                  </section>
                  <aside><h2>Online</h2><ul id="presence"></ul></aside>
                </div>
                <script src="%s/static/chat.js" defer></script>
                """.formatted(Html.escape(request.getContextPath())));
        out.print(Layout.footer());
    }
}
