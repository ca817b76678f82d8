#!/usr/bin/env python3
"""Drives a whole complaint lifecycle through the Python client generated from openapi.yaml,
as a front end would: register, assess, sign the opinion, dispatch, acknowledge, progress, resolve, approve, reply,
visit, close; then search, export, follow by tracking code and read the audit trail. Every answer
is parsed by the generated models (an answer that does not fit the contract fails here).

    client-lifecycle.py PACKAGE_PARENT BASE_URL   (tokens in $LIFECYCLE_TOKEN_<ROLE>)
"""
import importlib
import os
import sys

sys.path.insert(0, sys.argv[1])
base = sys.argv[2]
api = importlib.import_module("complaintd_client")
models = importlib.import_module("complaintd_client.models")


def module(path):
    return importlib.import_module("complaintd_client.api." + path)


def client(role):
    return api.AuthenticatedClient(base_url=base, token=os.environ["LIFECYCLE_TOKEN_" + role.upper()], raise_on_unexpected_status=True)


def value(field):
    return field.value if hasattr(field, "value") else field


def ok(response, status=200):
    if response.status_code != status or response.parsed is None:
        raise SystemExit(f"expected {status}, got {response.status_code}: {response.content[:400]!r}")
    return response.parsed


rita, dora, hank, mona, sue = (client(r) for r in ("receptionist", "director", "handler", "manager", "supervisor"))
registration = models.RegistrationInput.from_dict({
    "channel": "phone", "content": "3号楼电梯本周停了两次", "demands": "尽快修复", "category": "engineering",
    "complainant": {"name": "李伟", "phone": "13800138000", "estate": "翠苑小区", "building": "3", "unit": "1202"},
})
created = ok(module("complaints.register_complaint").sync_detailed(client=rita, body=registration), 201)
cid, code = created.id, created.tracking_code
print(f"registered {cid}")
steps = [
    ("assess", dora, models.AssessmentInput, {"valid": True, "inScope": True, "severity": "important", "nature": "dissatisfaction",
                                               "contentType": "equipment", "category": "engineering"}, "assessed"),
    # An important complaint needs the supervisor's signed opinion before dispatch.
    ("opinion", sue, models.OpinionInput, {"text": "请工程部今日到场检修，结果报客服中心"}, "assessed"),
    ("dispatch", rita, models.DispatchInput, {"department": "engineering", "handler": "hank"}, "dispatched"),
    ("acknowledge", hank, models.NoteInput, {}, "in_progress"),
    ("progress", hank, models.ProgressInput, {"text": "维保公司已到场检修", "public": True}, "in_progress"),
    ("resolve", hank, models.ResolutionInput, {"measures": "更换门机控制板", "result": "电梯恢复运行"}, "resolved"),
    ("approve", mona, models.NoteInput, {}, "approved"),
    ("reply", rita, models.ReplyInput, {"content": "已更换控制板，电梯恢复正常"}, "replied"),
    ("visit", sue, models.VisitInput, {"outcome": "reachable", "solved": True, "satisfied": True, "method": "phone"}, "visited"),
    ("close", sue, models.CloseInput, {"cause": "控制板老化", "lessons": "加密巡检", "preventiveAction": "每月检查门机"}, "closed"),
]
for action, who, model, body, expected in steps:
    operation = "sign_opinion" if action == "opinion" else f"{action}_complaint"
    after = ok(module(f"actions.{operation}").sync_detailed(cid, client=who, body=model.from_dict(body)))
    status = value(after.status)
    if status != expected:
        raise SystemExit(f"{action}: status {status}, expected {expected}")
    print(f"{action:12} → {status}")

page = ok(module("complaints.list_complaints").sync_detailed(client=sue, q="李伟"))
if [item.id for item in page.items] != [cid] or page.total != 1 or value(page.searched_as) != "name":
    raise SystemExit(f"search by name: {page.to_dict()}")
page = ok(module("complaints.list_complaints").sync_detailed(client=sue, q="8000", status=[models.ComplaintStatus.CLOSED]))
if page.total != 1:
    raise SystemExit(f"search by phone tail: {page.to_dict()}")
print(f"search: q=李伟 and q=8000 find {cid}")
export = module("complaints.export_complaints").sync_detailed(client=sue, q="李伟")
if export.status_code != 200 or not export.content.startswith("\ufeff编号,状态".encode()):
    raise SystemExit(f"export: {export.status_code} {export.content[:200]!r}")
print("export: CSV with BOM and Chinese header")
owner = ok(module("owner.track_complaint").sync_detailed(code, client=api.Client(base_url=base)))
if owner.id != cid:
    raise SystemExit(f"track: {owner.to_dict()}")
events = ok(module("complaints.list_complaint_events").sync_detailed(cid, client=sue, limit=200))
types = [event.type_ for event in events.items]
if types[0] != "complaint.registered" or "complaint.closed" not in types:
    raise SystemExit(f"events: {types}")
print(f"audit trail: {len(types)} events, {types[0]} … {types[-1]}")
print("client lifecycle OK")
