"""Helpers for the browser scenario: one headless Chromium per person, screenshots, and the
checks every page must pass (no console errors, no failed requests, axe-core, labels)."""
import json
import os
import re

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE"]
ARTIFACTS = os.environ["ARTIFACTS"]


def axe_source():
    """axe-core as a PyPI wheel ships it (nothing is fetched at run time): axe-playwright-python
    bundles axe-core 4 (installed with --no-deps: only its axe.min.js is used); the older
    axe-selenium-python bundles 3.1. None when neither is installed."""
    import importlib.util
    for module, relative in [("axe_playwright_python", "axe.min.js"),
                             ("axe_selenium_python", os.path.join("node_modules", "axe-core", "axe.min.js"))]:
        spec = importlib.util.find_spec(module)
        if spec and spec.origin:
            path = os.path.join(os.path.dirname(spec.origin), relative)
            if os.path.exists(path):
                return open(path, encoding="utf-8").read()
    return None


AXE = axe_source()


class Person:
    """One person's browser: a desktop window, or a phone-sized one with touch."""

    def __init__(self, name, phone=False):
        self.name = name
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN",
                         "--force-device-scale-factor=1", "--hide-scrollbars"]:
            options.add_argument(argument)
        if phone:
            options.add_experimental_option("mobileEmulation", {
                "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2, "touch": True},
                "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0"})
        else:
            options.add_argument("--window-size=1280,1000")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        self.driver.set_page_load_timeout(30)
        self.expected_failures = []  # (url regex, status) the scenario provokes on purpose
        self.shots = []

    # navigation and waiting

    def go(self, path):
        self.driver.get(BASE + path)

    def wait(self, condition, seconds=15, what="condition"):
        try:
            return WebDriverWait(self.driver, seconds, poll_frequency=0.1, ignored_exceptions=[StaleElementReferenceException]).until(
                lambda d: condition(d))
        except TimeoutException:
            self.shot(f"timeout-{self.name}")
            raise AssertionError(f"{self.name}: timed out waiting for {what}")

    def find(self, css, seconds=15):
        return self.wait(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None),
                         seconds, f"visible {css}")

    def wait_text(self, text, seconds=15, css="body"):
        return self.wait(lambda d: text in d.find_element(By.CSS_SELECTOR, css).text, seconds, f"text {text!r}")

    def text(self, css="body"):
        return self.driver.find_element(By.CSS_SELECTOR, css).text

    def fill(self, css, value):
        element = self.find(css)
        element.clear()
        element.send_keys(value)
        return element

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def shot(self, name):
        path = os.path.join(ARTIFACTS, f"{name}.png")
        # The whole page, not only the window, so a screenshot shows every section.
        height = self.js("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)") or 900
        width = self.js("return window.innerWidth")
        metrics = {"width": width, "height": min(int(height), 6000), "deviceScaleFactor": 0, "mobile": width < 600}
        try:
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            self.driver.save_screenshot(path)
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.shots.append(path)
        return path

    # sign-in

    def sign_in(self, user, password):
        self.go("/console/")
        self.fill("#userId", user)
        self.fill("#password", password)
        self.find("form button[type=submit]").click()
        self.find("nav a[aria-current=page]")
        self.wait(lambda d: "live off" not in d.find_element(By.ID, "live").get_attribute("class"), 15, "the live stream")

    # the checks every page passes

    def check_clean(self, page):
        """No console error, no failed request (but those the scenario provokes on purpose)."""
        problems = []
        for entry in self.driver.get_log("browser"):
            if entry["level"] == "SEVERE" and not self._expected(entry["message"]):
                problems.append(f"console: {entry['message']}")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.responseReceived":
                response = params["response"]
                if response["status"] >= 400 and not self._expected(response["url"], response["status"]):
                    problems.append(f"request: {response['status']} {response['url']}")
            elif message["method"] == "Network.loadingFailed":
                if params.get("canceled") or "ERR_ABORTED" in params.get("errorText", ""):
                    continue  # a stream or fetch cut short by navigating away
                problems.append(f"request failed: {params.get('errorText')} ({params.get('type')})")
        if problems:
            raise AssertionError(f"{self.name} on {page}: " + "; ".join(problems))

    def _expected(self, text, status=None):
        return any(re.search(pattern, text) and (code is None or status is None or code == status)
                   for pattern, code in self.expected_failures)

    def check_accessible(self, page):
        """Every control has a label; axe-core finds nothing serious or critical."""
        unlabelled = self.js("""
            return [...document.querySelectorAll('input, select, textarea, button')].filter((el) => {
              if (el.type === 'hidden' || !el.offsetParent) return false;
              if (el.tagName === 'BUTTON') return !el.textContent.trim() && !el.getAttribute('aria-label');
              if (el.labels && el.labels.length) return false;
              if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
              return !(el.type === 'radio' && el.closest('fieldset') && el.closest('fieldset').querySelector('legend'));
            }).map((el) => el.outerHTML.slice(0, 120));""")
        if unlabelled:
            raise AssertionError(f"{page}: controls without a label: {unlabelled}")
        if not AXE:
            return
        self.js(AXE)
        violations = self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations.map((v) =>
              ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}))));""")
        with open(os.path.join(ARTIFACTS, "axe.txt"), "a", encoding="utf-8") as log:
            log.write(f"{page}: {json.dumps(violations, ensure_ascii=False)}\n")
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        if serious:
            raise AssertionError(f"{page}: axe-core: {json.dumps(serious, ensure_ascii=False)}")

    def check(self, page):
        self.check_accessible(page)
        self.check_clean(page)

    def quit(self):
        self.driver.quit()
