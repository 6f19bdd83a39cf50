package io.facegate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;

/** A wait's look survives a page replaced under it and still reports every other browser error. */
class HeadlessChromiumTest {

    @Test
    void aLookThatLosesItsElementToANavigationMeansNotYet() {
        assertThat(HeadlessChromium.<String>lookUnlessReplaced(null, d -> {
            throw new WebDriverException("unknown error: unhandled inspector error: "
                    + "{\"code\":-32000,\"message\":\"Node with given id does not belong to the document\"}");
        })).isNull();
        assertThat(HeadlessChromium.<String>lookUnlessReplaced(null, d -> {
            throw new StaleElementReferenceException("stale element reference: element is not attached");
        })).isNull();
        assertThat(HeadlessChromium.<String>lookUnlessReplaced(null, d -> "logged in")).isEqualTo("logged in");
    }

    @Test
    void anyOtherBrowserErrorStillFailsTheWait() {
        assertThatThrownBy(() -> HeadlessChromium.<String>lookUnlessReplaced(null, d -> {
            throw new WebDriverException("chrome not reachable");
        })).isInstanceOf(WebDriverException.class).hasMessageContaining("chrome not reachable");
    }
}
