package dev.tandem.it;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signs a demo user in through the development identity provider's page, as a person would. */
final class SignIn {

    private SignIn() {
    }

    static void as(ChromeDriver browser, WebDriverWait wait, String username) {
        as(browser, wait, username, TestEnvironment.appBase());
    }

    /** The same through another application base (a load balancer, say). */
    static void as(ChromeDriver browser, WebDriverWait wait, String username, java.net.URI base) {
        browser.get(base.resolve("agent/").toString());
        wait.until(ExpectedConditions.urlContains("localhost:" + TestEnvironment.oidcPort() + "/tandem/authorize"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.cssSelector("input[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe(base.resolve("agent/").toString()));
    }
}
