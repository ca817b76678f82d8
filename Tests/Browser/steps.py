"""What the browser scenario's steps share: the people (one browser each), the complaint they
work on, the step registry, and calls to the API made outside the browser."""
import json
import urllib.request

from selenium.webdriver.common.by import By

from browser import BASE, Person

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
