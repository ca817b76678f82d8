"""The pieces around the issue's scenario: two editors in conflict, reports and their CSV, search
and export, the lists, an owner's own filing, reminder and photo, keyboard-only use and English."""
import os
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import ARTIFACTS
from steps import OWNER, api, people, person, state, step, submit_action


@step("two people change one complaint: the second is told, and nothing is overwritten")
def conflict_is_explained():
    other = api("POST", "/v1/complaints", {"channel": "visit", "complainant": dict(OWNER, unit="0801", name="周先生", phone="13700137000"),
                                           "content": "楼道灯不亮"}, token=os.environ["RITA_TOKEN"])
    sue = person("sue")
    sue.sign_in("sue", "sue-pass-2026")
    sue.go(f"/console/complaints/{other['id']}")
    # Both may link it to an incident; the supervisor starts typing first, the receptionist saves first.
    first = sue.wait(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, "#a-link-incidentId")), None), 15, "the link form")
    details = first.find_element(By.XPATH, "./ancestor::details")
    if not details.get_attribute("open"):
        details.find_element(By.TAG_NAME, "summary").click()
    sue.fill("#a-link-incidentId", "INC-LAMP-B")
    rita = people["rita"]
    rita.go(f"/console/complaints/{other['id']}")
    submit_action(rita, "link", lambda: rita.fill("#a-link-incidentId", "INC-LAMP-A"))
    rita.wait_text("关联事件", css=".timeline")
    sue.wait_text("此投诉有新的变化")
    sue.expected_failures.append((rf"/v1/complaints/{other['id']}/link", 412))
    sue.find("#a-link-incidentId").find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    sue.wait_text("您的提交未保存")
    assert sue.find("#a-link-incidentId").get_attribute("value") == "INC-LAMP-B", "the typed text was lost"
    sue.shot("12-conflict-explained")
    sue.check("complaint (conflict)")
    linked = [e["data"].get("incidentId") for e in api("GET", f"/v1/complaints/{other['id']}/events", token=os.environ["RITA_TOKEN"])["items"]]
    assert "INC-LAMP-A" in linked and "INC-LAMP-B" not in linked, linked


@step("reports draw their charts and download as CSV")
def reports():
    mona = people["mona"]
    mona.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": ARTIFACTS})
    mona.go("/console/reports")
    mona.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 4, 20, "four charts")
    mona.wait_text("每日受理量")
    mona.shot("13-reports")
    mona.find("form button.secondary").click()
    found = None
    for _ in range(100):
        found = next((name for name in os.listdir(ARTIFACTS) if name.startswith("complaints-daily-") and name.endswith(".csv")), None)
        if found:
            break
        time.sleep(0.1)
    assert found, "the CSV was not downloaded"
    assert open(os.path.join(ARTIFACTS, found), "rb").read().startswith(b"\xef\xbb\xbf"), "the CSV has no byte-order mark"
    mona.check("reports")


@step("staff find a complaint by the owner's phone and export the selection")
def search_and_export():
    mona = people["mona"]
    mona.find("nav a[href='/console/search']").click()
    mona.fill("#s-q", OWNER["phone"])
    mona.find("form[role=search] button[type=submit]").click()
    mona.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#search-results tr[data-id='{state['id']}']"), 15, "the complaint found")
    mona.wait_text("共 1 条", css="#search-results")
    mona.shot("13b-search")
    mona.check("search")
    before = set(os.listdir(ARTIFACTS))
    mona.find("#s-export").click()
    found = None
    for _ in range(100):
        found = next((n for n in set(os.listdir(ARTIFACTS)) - before if n.endswith(".csv")), None)
        if found:
            break
        time.sleep(0.1)
    assert found, "the export was not downloaded"
    text = open(os.path.join(ARTIFACTS, found), "rb").read().decode("utf-8-sig")
    assert state["id"] in text and len(text.strip().splitlines()) == 2, text[:300]  # the header and the one match
    mona.check("search (export)")


@step("the lists: visits, escalations, notifications")
def lists():
    sue = people["sue"]
    for path, name in [("/console/visits", "14-visits"), ("/console/escalations", "15-escalations"),
                       ("/console/notifications", "16-notifications")]:
        sue.find(f"nav a[href='{path}']").click()
        sue.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "main [role=status]") or "加载" not in d.find_element(By.TAG_NAME, "main").text,
                 15, "the list")
        sue.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "main table, main .notice"), 15, "a table or a notice")
        sue.shot(name)
        sue.check(path)


@step("an owner files a complaint from a phone and sends a reminder")
def owner_files():
    owner = people["owner"]
    owner.go("/")
    owner.wait_text("输入受理时拿到的查询码")
    owner.shot("17-owner-home-phone")
    owner.check("owner home")
    owner.find("a[href='#file']").click()
    for css, value in [("#f-name", "吴女士"), ("#f-phone", "13600136000"), ("#f-estate", OWNER["estate"]), ("#f-building", "5"),
                       ("#f-unit", "0302"), ("#f-content", "楼下商铺夜间装修噪音很大")]:
        owner.fill(css, value)
    owner.shot("18-owner-filing-phone")
    owner.check("owner filing")
    owner.find("form button[type=submit]").click()
    owner.wait_text("投诉已提交")
    owner.find("a.button").click()
    owner.wait_text("我们已收到您的投诉")
    owner.find("#remind-h")
    owner.find("section[aria-labelledby=remind-h] button").click()
    owner.wait_text("已催办")
    owner.shot("19-owner-reminded-phone")
    owner.check("owner reminder")
    # A photo of the noise's source, from the phone (the picture the scenario drew earlier).
    owner.find("#p-files").send_keys(os.path.join(ARTIFACTS, "after-repair.png"))
    owner.find("section[aria-labelledby=photos-h] button[type=submit]").click()
    owner.wait_text("照片已上传")
    owner.wait(lambda d: d.execute_script(
        "return [...document.querySelectorAll('.photos img')].some((i) => i.complete && i.naturalWidth === 96)"), 15, "the photo shown")
    owner.shot("19b-owner-photo-phone")
    owner.check("owner photo")


@step("the console can be used with the keyboard alone, in English too")
def keyboard():
    guest = person("guest")
    guest.go("/console/")
    user = guest.find("#userId")
    assert guest.driver.switch_to.active_element == user, "the user id field does not have the focus"
    guest.shot("20-sign-in")
    guest.check("sign-in")
    guest.expected_failures.append((r"/v1/session( |$)", 401))
    user.send_keys("hank")
    guest.driver.switch_to.active_element.send_keys(Keys.TAB)
    guest.driver.switch_to.active_element.send_keys("wrong", Keys.ENTER)
    guest.wait_text("工号或密码错误")
    guest.driver.switch_to.active_element.send_keys(Keys.CONTROL, "a")
    guest.driver.switch_to.active_element.send_keys("hank-pass-2026", Keys.ENTER)
    # The queue re-renders when its data or a live event arrives: act once it has loaded, and
    # find the tab again if a re-render replaced it.
    loaded = lambda d: "…" not in d.find_element(By.CSS_SELECTOR, "#tab-mine .count").text
    guest.wait(loaded, 15, "the queue's counts")
    for attempt in range(3):
        try:
            guest.find("#tab-mine").send_keys(Keys.ARROW_RIGHT)
            break
        except StaleElementReferenceException:
            guest.wait(loaded, 15, "the queue's counts")
    guest.wait(lambda d: d.find_element(By.ID, "tab-department").get_attribute("aria-selected") == "true", 10, "the next tab")
    guest.find("button.lang-switch").click()
    guest.wait_text("Work queue", css="h1")
    guest.shot("21-queue-english")
    guest.check("queue (English)")
