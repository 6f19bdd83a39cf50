package io.facegate.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (the npm package the build installs, pinned in {@code package.json}) run inside the page under test:
 * the WCAG 2.0/2.1/2.2 level A and AA rules, none disabled.
 */
public final class Axe {

    /** The rule tags run: WCAG 2 A and AA (2.0, 2.1 and 2.2). */
    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static final Path SCRIPT = Path.of("node_modules", "axe-core", "axe.min.js");

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /**
     * @return axe-core, read from the build's {@code node_modules}
     * @throws IOException if it cannot be read
     */
    public static Axe load() throws IOException {
        if (!Files.isRegularFile(SCRIPT) && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort(SCRIPT + " is missing: run the build's npm install (mvn without -Dexec.skip=true).");
        }
        return new Axe(Files.readString(SCRIPT));
    }

    /**
     * Runs the rules on the page now shown.
     *
     * @param driver the browser
     * @return one line per violation: rule id, impact, help and the first offending elements; empty when none
     */
    @SuppressWarnings("unchecked")
    public List<String> violations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(source);
        }
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
                  .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '')) }))))
                  .catch((e) => done([{ id: 'axe-error', impact: 'error', help: String(e), nodes: [] }]));
                """, TAGS);
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            lines.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " " + v.get("nodes"));
        }
        return lines;
    }
}
