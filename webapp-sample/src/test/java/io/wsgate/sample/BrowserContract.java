package io.wsgate.sample;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample in real browsers: two users, each in a headless Chromium of their own. */
abstract class BrowserContract extends SampleAppContract {

    /** Whether this run saves README's screenshots (to -Dsample.screenshots=DIR, when given). */
    boolean takesScreenshots() { return false; }

    private Path screenshots() {
        String dir = System.getProperty("sample.screenshots", "");
        return takesScreenshots() && !dir.isBlank() ? Path.of(dir) : null;
    }

    @Test
    void twoUsersChatGetNoticesReconnectAndLogOut() throws Exception {
        Path shots = screenshots();
        try (Browser alice = Browser.start(deployment.base()); Browser bob = Browser.start(deployment.base())) {
            // Alice signs in through the form and lands on the home page, whose notification socket connects.
            alice.go("");
            alice.wait.until(ExpectedConditions.urlContains("/login"));
            alice.find("#login-user").sendKeys("alice");
            alice.find("#login-password").sendKeys("secret");
            alice.screenshot(shots, "login");
            alice.find("#login-submit").click();
            alice.awaitState("ws-state", "open");
            assertEquals("home.jsp", alice.text("#rendered-by"));
            alice.screenshot(shots, "home");

            // Chromium offers permessage-deflate on every socket; wsgate accepts it (RFC 7692).
            assertEquals("permessage-deflate", alice.attribute("#ws-state", "data-extensions"));

            alice.find("#to-chat").click();
            alice.awaitState("chat-state", "open");
            assertEquals("permessage-deflate", alice.attribute("#chat-state", "data-extensions"));
            alice.awaitText("#presence", "alice");

            // Bob asks for the chat, is sent to the login page, and comes back to the chat after signing in.
            bob.go("room");
            bob.login("bob", "secret");
            assertTrue(bob.driver.getCurrentUrl().endsWith("/room"), bob.driver.getCurrentUrl());
            bob.awaitState("chat-state", "open");
            bob.awaitText("#presence", "alice");
            alice.awaitText("#presence", "bob");

            // Both ways.
            alice.find("#text").sendKeys("hello from alice");
            alice.find("#say button").click();
            bob.awaitText("#messages", "hello from alice");
            bob.find("#text").sendKeys("hi alice, how are you?");
            bob.find("#say button").click();
            alice.awaitText("#messages", "hi alice, how are you?");

            // Bob posts the form (Post/Redirect/Get); Alice's chat page shows the notice pushed to it.
            bob.go("post");
            bob.awaitState("ws-state", "open");
            bob.find("#notice").sendKeys("deploy at five");
            bob.find("#send-notice").click();
            bob.wait.until(ExpectedConditions.urlContains("/post?sent"));
            bob.awaitText("#recent", "bob: deploy at five");
            alice.awaitText("#notifications", "bob: deploy at five");
            bob.screenshot(shots, "post");
            alice.screenshot(shots, "chat");

            // A reload opens a new socket; the history brings the conversation back.
            bob.go("room");
            bob.awaitState("chat-state", "open");
            alice.driver.navigate().refresh();
            alice.awaitState("chat-state", "open");
            alice.awaitText("#messages", "hello from alice");
            alice.awaitText("#messages", "hi alice, how are you?");

            // A page of another origin, in Alice's browser (her cookie goes along), cannot open the chat socket.
            HttpServer other = crossOriginPage(deployment.ws("/chat").toString());
            try {
                alice.driver.get("http://localhost:" + other.getAddress().getPort() + "/");
                alice.wait.until(ExpectedConditions.textMatches(org.openqa.selenium.By.id("result"),
                        java.util.regex.Pattern.compile("refused|opened")));
                assertTrue(alice.text("#result").startsWith("refused"), "cross-origin page: " + alice.text("#result"));
            } finally {
                other.stop(0);
            }

            // The same browser session's ordinary pages and the form keep working.
            alice.go("status");
            alice.awaitState("ws-state", "open");
            assertTrue(alice.text("#container").contains("WsgateServerContainer"));
            alice.awaitText("#chat-sessions", "bob");
            alice.screenshot(shots, "status");
            // The status page follows the sessions without a reload: Bob leaves the chat and comes back.
            bob.go("post");
            bob.awaitState("ws-state", "open");
            alice.wait.withMessage("status page should drop bob's chat session by itself")
                    .until(d -> !alice.text("#chat-sessions").contains("bob"));
            bob.go("room");
            bob.awaitState("chat-state", "open");
            alice.awaitText("#chat-sessions", "bob");
            assertTrue(alice.text("#status-updated").startsWith("updated"), alice.text("#status-updated"));
            alice.go("post");
            alice.find("#notice").sendKeys("still here");
            alice.find("#send-notice").click();
            alice.wait.until(ExpectedConditions.urlContains("/post?sent"));
            bob.awaitText("#notifications", "alice: still here");

            // Alice has the chat open in one tab and logs out in another: the first tab's sockets close with 1008
            // and stay closed; Bob sees her leave.
            alice.go("room");
            alice.awaitState("chat-state", "open");
            bob.awaitText("#presence", "alice");
            String chatTab = alice.driver.getWindowHandle();
            alice.driver.switchTo().newWindow(WindowType.TAB);
            alice.go("");
            alice.awaitState("ws-state", "open");
            alice.find("#logout").click();
            alice.wait.until(ExpectedConditions.urlContains("/login?loggedOut"));
            alice.driver.switchTo().window(chatTab);
            alice.awaitState("chat-state", "ended");
            assertEquals("1008", alice.attribute("#chat-state", "data-close-code"));
            assertFalse(alice.find("#text").isEnabled(), "nothing to send to after logout");
            alice.awaitState("ws-state", "ended");
            assertEquals("1008", alice.attribute("#ws-state", "data-close-code"));
            // The page no longer claims Alice is signed in, and offers the login page.
            alice.awaitText("#signed-out", "signed out");
            assertTrue(alice.driver.findElements(org.openqa.selenium.By.id("user")).isEmpty(), "user name still shown");
            assertTrue(alice.driver.findElements(org.openqa.selenium.By.id("logout")).isEmpty(), "logout button still shown");
            assertTrue(alice.attribute("#login-again", "href").endsWith("/login"), alice.attribute("#login-again", "href"));
            alice.screenshot(shots, "logged-out");
            bob.wait.until(d -> !bob.text("#presence").contains("alice"));
            assertFalse(bob.text("#presence").contains("alice"));
        }
    }

    /** A page on another port (so another origin) whose script tries to open {@code chatUrl}. */
    private static HttpServer crossOriginPage(String chatUrl) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
        byte[] page = ("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>another origin</title></head><body>
                <p id="result">pending</p>
                <script>
                  var result = document.getElementById('result');
                  var ws = new WebSocket('%s');
                  ws.onopen = function () { result.textContent = 'opened'; };
                  ws.onclose = function (e) { if (result.textContent === 'pending') result.textContent = 'refused ' + e.code; };
                </script></body></html>
                """).formatted(chatUrl).getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return server;
    }
}
