package org.mediachange.it;

import java.util.List;
import org.openqa.selenium.WebElement;

/** The web console's page as a person uses it: log in, read the requests, press buttons. */
final class ConsolePage {

    private final Browser browser;
    private final String url;

    ConsolePage(Browser browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    /** Opens the page and waits until it shows either the login form or the console. */
    ConsolePage open() {
        browser.open(url);
        browser.await("showing the login form or the console", 10,
                () -> loginShown() || consoleShown());
        return this;
    }

    boolean loginShown() {
        return browser.find("#login").isDisplayed();
    }

    boolean consoleShown() {
        return browser.find("#console").isDisplayed();
    }

    /** Types {@code name} and {@code password} into the login form and submits it. */
    void submitLogin(String name, String password) {
        WebElement n = browser.find("#login-name");
        n.clear();
        n.sendKeys(name);
        WebElement p = browser.find("#login-password");
        p.clear();
        p.sendKeys(password);
        browser.find("#login-submit").click();
    }

    /** Logs in and waits until the live stream is connected. */
    void login(String name, String password) {
        submitLogin(name, password);
        awaitLive();
    }

    void awaitLive() {
        browser.await("live", 10, () -> consoleShown() && "Live".equals(browser.find("#status").getText()));
    }

    String loginError() {
        return (String) browser.script("return document.getElementById('login-error').textContent");
    }

    /** The ids of the pending requests shown, top to bottom. */
    @SuppressWarnings("unchecked")
    List<Long> pendingIds() {
        return ((List<Object>) browser.script("return Array.from(document.querySelectorAll('#pending > li'))"
                + ".map(function (li) { return li.dataset.id; })")).stream()
                .map(o -> Long.parseLong((String) o)).toList();
    }

    /** The message of pending request {@code id} exactly as the DOM holds it (its text, not HTML). */
    String message(long id) {
        return (String) browser.script("var li = document.querySelector('#pending > li[data-id=\"' + arguments[0]"
                + " + '\"]'); return li ? li.querySelector('.message').textContent : null", Long.toString(id));
    }

    /** Waits up to {@code seconds} until request {@code id} is shown. */
    void awaitPending(long id, long seconds) {
        browser.await("showing request " + id, seconds, () -> pendingIds().contains(id));
    }

    /** Waits up to {@code seconds} until request {@code id} is no longer shown as pending. */
    void awaitGone(long id, long seconds) {
        browser.await("without request " + id, seconds, () -> !pendingIds().contains(id));
    }

    /** Presses OK ("ok") or Cancel ("cancel") of request {@code id}. */
    void press(long id, String button) {
        browser.find("#pending > li[data-id=\"" + id + "\"] button." + button).click();
    }

    /** The recent-outcome line of request {@code id}, or null. */
    String recent(long id) {
        return (String) browser.script("var li = document.querySelector('#recent > li[data-id=\"' + arguments[0]"
                + " + '\"]'); return li ? li.textContent : null", Long.toString(id));
    }

    /** The page's origin, e.g. {@code http://127.0.0.1:8980}. */
    String origin() {
        return url.replaceFirst("/$", "");
    }

    String title() {
        return browser.driver().getTitle();
    }
}
