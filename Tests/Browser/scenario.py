"""The issue's scenario in a real browser: a receptionist registers a phone complaint, the
director assesses, a handler sees it appear live, resolves, the manager approves, the receptionist
replies, the owner follows the tracking link on a phone, the announcement shows it without
personal data. Then the pieces around it: conflicts, reports, the owner's own filing, keyboard use.
Prints `browser: N passed, M failed`."""
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser import AXE, ARTIFACTS, BASE, Person

OWNER = {"name": "李伟", "phone": "13800138000", "estate": "翠苑小区", "building": "3", "unit": "1202"}
CONTENT = "3号楼电梯本周停了两次，老人上下楼很不方便"
state = {}
people = {}
results = []


def step(name):
    def register(f):
        results.append((name, f))
        return f
    return register


def person(key, **kwargs):
    if key not in people:
        people[key] = Person(key, **kwargs)
    return people[key]


def api(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def submit_action(p, action, fill):
    """Opens the action's form on the complaint page, fills it, submits it, waits for the answer."""
    first = p.wait(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, f"[id^='a-{action}-']")), None), 15, f"the {action} form")
    details = first.find_element(By.XPATH, "./ancestor::details")
    if not details.get_attribute("open"):
        details.find_element(By.TAG_NAME, "summary").click()
    fill()
    form = first.find_element(By.XPATH, "./ancestor::form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def choose(p, name, value):
    p.find(f"input[name='{name}'][value='{value}']").click()


# MARK: the scenario


@step("the handler signs in and watches an empty queue")
def handler_waits():
    hank = person("hank")
    hank.sign_in("hank", "hank-pass-2026")
    hank.wait_text("这里没有待办的投诉")
    hank.js("window.__sameDocument = true")
    hank.shot("01-handler-queue-empty")
    hank.check("queue (handler)")


@step("the receptionist registers a phone complaint and sees the open one at the unit as she types")
def receptionist_registers():
    earlier = api("POST", "/v1/complaints", {"channel": "phone", "complainant": dict(OWNER, name="张女士", phone="13900139000"),
                                             "content": "3号楼1202门口灯坏了"}, token=os.environ["RITA_TOKEN"])
    rita = person("rita")
    rita.sign_in("rita", "rita-pass-2026")
    rita.find("nav a[href='/console/register']").click()
    rita.fill("#r-name", OWNER["name"])
    rita.fill("#r-phone", OWNER["phone"])
    rita.fill("#r-estate", OWNER["estate"])
    rita.fill("#r-building", OWNER["building"])
    rita.fill("#r-unit", OWNER["unit"])
    rita.wait_text(earlier["id"], css=".duplicates")
    rita.fill("#r-content", CONTENT)
    rita.fill("#r-demands", "尽快修好，并说明原因")
    rita.shot("02-register-duplicate-hint")
    rita.check("register")
    rita.find("form button[type=submit]").click()
    link = rita.find("#owner-link").get_attribute("href")
    assert re.search(r"/#t=[0-9a-f]{32}$", link), link
    state["link"] = link
    state["id"] = re.search(r"C\d{4}-\d{6}", rita.text("h1")).group(0)
    rita.find("svg.qr")
    rita.shot("03-register-receipt")
    check_qr(rita, link)
    rita.check("receipt")


def check_qr(p, link):
    """The QR code decodes to the link (zbarimg from Debian's zbar-tools, when installed)."""
    if not shutil.which("zbarimg"):
        print("browser: zbarimg not installed; the QR code is not decoded", file=sys.stderr)
        return
    path = os.path.join(ARTIFACTS, "qr.png")
    p.find("svg.qr").screenshot(path)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", path], capture_output=True, text=True, timeout=30).stdout.strip()
    assert decoded == link, f"the QR code reads {decoded!r}, not {link!r}"


@step("the director assesses it")
def director_assesses():
    dora = person("dora")
    dora.sign_in("dora", "dora-pass-2026")
    dora.go(f"/console/complaints/{state['id']}")
    dora.wait_text(CONTENT)

    def fill():
        choose(dora, "a-assess-valid", "true")
        choose(dora, "a-assess-inScope", "true")
        Select(dora.find("#a-assess-severity")).select_by_value("important")
        Select(dora.find("#a-assess-nature")).select_by_value("dissatisfaction")
        Select(dora.find("#a-assess-category")).select_by_value("engineering")
    submit_action(dora, "assess", fill)
    dora.wait_text("已定性", css="h1")
    dora.shot("04-director-assessed")
    dora.check("complaint (director)")
    dora.quit()


@step("the receptionist dispatches it to the handler")
def receptionist_dispatches():
    rita = people["rita"]
    rita.go(f"/console/complaints/{state['id']}")
    rita.wait_text("已定性", css="h1")

    def fill():
        Select(rita.find("#a-dispatch-department")).select_by_value("engineering")
        rita.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#a-dispatch-handler option[value='hank']"), 10, "hank in the picker")
        Select(rita.find("#a-dispatch-handler")).select_by_value("hank")
    submit_action(rita, "dispatch", fill)
    rita.wait_text("已派单", css="h1")
    rita.check("complaint (dispatch)")


@step("the handler sees it appear without reloading")
def handler_sees_it_live():
    hank = people["hank"]
    hank.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"tr[data-id='{state['id']}']"), 20, "the complaint in the queue")
    assert hank.js("return window.__sameDocument === true"), "the page was reloaded"
    hank.shot("05-handler-sees-it-live")
    hank.check("queue (live)")


@step("the handler acknowledges, notes progress for the owner, and resolves")
def handler_resolves():
    hank = people["hank"]
    hank.find(f"a[href='/console/complaints/{state['id']}']").click()
    hank.wait_text(CONTENT)
    submit_action(hank, "acknowledge", lambda: hank.fill("#a-acknowledge-note", "已电话联系业主，下午到场"))
    hank.wait_text("处理中", css="h1")

    def progress():
        hank.fill("#a-progress-text", "维保公司已到场检修门机")
        hank.find("#a-progress-public").click()
    submit_action(hank, "progress", progress)
    hank.wait_text("维保公司已到场检修门机", css=".timeline")

    with_photo = api("GET", "/v1/public/settings").get("staffFiles")

    def resolve():
        hank.fill("#a-resolve-measures", "更换门机控制板")
        hank.fill("#a-resolve-result", "电梯恢复正常运行")
        if with_photo:  # the after-repair photo, where the service keeps files
            hank.find("#a-resolve-files").send_keys(os.path.join(ARTIFACTS, "01-handler-queue-empty.png"))
    submit_action(hank, "resolve", resolve)
    if with_photo:
        hank.find("#photos-h")
        hank.wait(lambda d: d.execute_script("return [...document.querySelectorAll('.photos img')].some((i) => i.naturalWidth > 0)"),
                  15, "the photo shown")
    else:
        print("browser: the service keeps no files; the after-repair photo is not exercised", file=sys.stderr)
    hank.wait_text("已处理", css="h1")
    hank.shot("06-handler-resolved")
    hank.check("complaint (handler)")


@step("the manager approves")
def manager_approves():
    mona = person("mona")
    mona.sign_in("mona", "mona-pass-2026")
    mona.go(f"/console/complaints/{state['id']}")
    submit_action(mona, "approve", lambda: mona.fill("#a-approve-note", "同意回复"))
    mona.wait_text("已审核", css="h1")
    mona.shot("07-manager-approved")
    mona.check("complaint (manager)")


@step("the receptionist replies")
def receptionist_replies():
    rita = people["rita"]
    rita.go(f"/console/complaints/{state['id']}")
    submit_action(rita, "reply", lambda: rita.fill("#a-reply-content", "已更换门机控制板，电梯已恢复正常，感谢您的反馈。"))
    rita.wait_text("已回复", css="h1")
    rita.shot("08-receptionist-replied")
    rita.check("complaint (reply)")


@step("the owner follows the tracking link on a phone")
def owner_follows():
    owner = person("owner", phone=True)
    owner.driver.get(state["link"])
    owner.wait_text("已回复您处理结果")
    text = owner.text()
    for expected in ["已按时完成", "维保公司已到场检修门机", "电梯恢复正常运行", "已更换门机控制板", state["id"]]:
        assert expected in text, f"the owner's page lacks {expected!r}"
    for private in ["已电话联系业主", "hank", "13800138000"]:
        assert private not in text, f"the owner's page shows {private!r}"
    owner.shot("09-owner-tracking-phone")
    owner.check("owner tracking")
    settings = api("GET", "/v1/public/settings")
    if not settings.get("ownerConfirm"):
        # This build takes no confirmation: the page says how instead of offering a failing button.
        owner.wait_text("在线确认签字暂未开通", css="#main")
        print("browser: the service has no owner confirmation endpoint; signing is not exercised", file=sys.stderr)
        return
    choose(owner, "c-solved", "true")
    choose(owner, "c-satisfied", "true")
    pad = owner.find("canvas.signature-pad")
    ActionChains(owner.driver).move_to_element_with_offset(pad, -60, 0).click_and_hold().move_by_offset(40, -20) \
        .move_by_offset(40, 30).move_by_offset(40, -20).release().perform()
    owner.find("#confirm-h").find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    owner.wait_text("已确认，谢谢您的评价")
    owner.shot("09b-owner-signed-phone")
    owner.check("owner confirmation")


@step("the announcement board shows it without personal data, and prints on A4")
def board_shows_it():
    owner = people["owner"]
    owner.go("/board?estate=%E7%BF%A0%E8%8B%91%E5%B0%8F%E5%8C%BA")
    owner.wait_text(state["id"], css="main")
    text = owner.text("main")
    for private in [OWNER["name"], OWNER["phone"], "1202", "李"]:
        assert private not in text, f"the board shows {private!r}"
    owner.shot("10-board-phone")
    owner.check("board")
    desk = people["rita"]
    desk.go("/board?estate=%E7%BF%A0%E8%8B%91%E5%B0%8F%E5%8C%BA")
    desk.wait_text(state["id"], css="main")
    pdf = desk.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
    import base64
    data = base64.b64decode(pdf["data"])
    with open(os.path.join(ARTIFACTS, "board.pdf"), "wb") as out:
        out.write(data)
    assert re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]", data), "the board does not print on A4"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", os.path.join(ARTIFACTS, "board.pdf"),
                        os.path.join(ARTIFACTS, "11-board-print")], check=False, timeout=60)
    desk.check("board (print)")


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


def main():
    passed = failed = 0
    start = time.time()
    broken = None
    for name, f in results:
        if broken:
            print(f"SKIP {name} (after: {broken})")
            failed += 1
            continue
        try:
            f()
            passed += 1
            print(f"ok   {name}")
        except Exception as error:  # noqa: BLE001 - every failure is reported, then the rest is skipped
            failed += 1
            broken = name
            print(f"FAIL {name}: {error}")
            traceback.print_exc()
            for p in people.values():
                try:
                    p.shot(f"failure-{p.name}")
                except Exception:  # noqa: BLE001
                    pass
    for p in people.values():
        p.quit()
    if not AXE:
        print("browser: axe-core is not installed (pip install axe-selenium-python); accessibility checked by labels only")
    print(f"browser: {time.time() - start:.0f} s; screenshots in {ARTIFACTS}")
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
