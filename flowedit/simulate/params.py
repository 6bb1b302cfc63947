"""The parameters of the requests Twilio sends, by Twilio's names, every value a string.

Owns the common voice request parameters of the parent call and of a dialed leg, the extra
parameters of a call-progress status callback, of a `<Dial action>` request, of a `<Gather>`
action, and the simulated clock's `Timestamp` (RFC 2822, UTC). Facts: twiml-reference.md §5.2, §5.3.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from email.utils import format_datetime

API_VERSION = "2010-04-01"
DEFAULT_FROM = "+14155550100"
DEFAULT_TO = "+14155550199"
CALLBACK_SOURCE = "call-progress-events"


def seconds(value: float) -> int:
    """Whole seconds as Twilio reports durations: a started second counts (rounded up)."""
    return max(0, math.ceil(round(value, 6)))


def timestamp(start: datetime, t: float) -> str:
    """The RFC 2822 date of simulated time `t`, in UTC: `Thu, 01 Jan 2026 00:00:04 +0000`."""
    return format_datetime(start + timedelta(seconds=t))


def parent_params(account_sid: str, sid: str, caller: dict[str, str], status: str) -> dict[str, str]:
    """The voice request parameters of the caller's (inbound) call; the scenario's `caller` adds or overrides."""
    params = {"AccountSid": account_sid, "ApiVersion": API_VERSION, "CallSid": sid, "CallStatus": status,
              "Direction": "inbound", "From": DEFAULT_FROM, "To": DEFAULT_TO}
    for name, value in caller.items():
        if name not in ("AccountSid", "ApiVersion", "CallSid", "CallStatus", "Direction"):
            params[name] = value
    return params


def leg_params(account_sid: str, sid: str, parent_sid: str, from_: str, to: str, status: str) -> dict[str, str]:
    """The voice request parameters of a leg a <Dial> created (Direction `outbound-dial`)."""
    return {"AccountSid": account_sid, "ApiVersion": API_VERSION, "CallSid": sid, "CallStatus": status,
            "Direction": "outbound-dial", "From": from_, "To": to, "ParentCallSid": parent_sid}


def status_callback_params(leg: dict[str, str], *, when: str, sequence: int, duration: int | None = None,
                           recording: dict[str, str] | None = None) -> dict[str, str]:
    """A call-progress status callback: the leg's parameters plus the §5.2 extras.

    `duration` (CallDuration) and `recording` are given for the completed event only.
    """
    params = dict(leg)
    if duration is not None:
        params["CallDuration"] = str(duration)
    if recording:
        params.update(recording)
    params["Timestamp"] = when
    params["CallbackSource"] = CALLBACK_SOURCE
    params["SequenceNumber"] = str(sequence)
    return params


def recording_params(account_sid: str, recording_sid: str, duration: int) -> dict[str, str]:
    """RecordingUrl, RecordingSid and RecordingDuration of a <Dial record> recording."""
    url = f"https://api.twilio.com/{API_VERSION}/Accounts/{account_sid}/Recordings/{recording_sid}"
    return {"RecordingUrl": url, "RecordingSid": recording_sid, "RecordingDuration": str(duration)}


def dial_action_params(parent: dict[str, str], *, status: str, call_sid: str | None, duration: int,
                       bridged: bool, recording: dict[str, str] | None = None) -> dict[str, str]:
    """The parent call's parameters plus DialCallStatus, DialCallSid, DialCallDuration, DialBridged (§5.3)."""
    params = dict(parent)
    params["DialCallStatus"] = status
    if call_sid:
        params["DialCallSid"] = call_sid
    params["DialCallDuration"] = str(duration)
    params["DialBridged"] = "true" if bridged else "false"
    if recording:
        params.update(recording)
    return params
