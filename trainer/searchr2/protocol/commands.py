"""Reads commands from stdin on a thread, acks or refuses each, and sets control flags.

Commands never touch the model directly: they flip flags in ``Control`` that the
training loop checks between steps (pause, save) or between tokens (stop), or, for
``label``, wait in a ``LabelInbox`` the loop drains between steps; a ``regenerate``
request is checked against the recent rollouts and queued in ``Control.regenerations``.
End of input means the editor went away, which is treated as stop so no trainer is
orphaned.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from typing import Any

from searchr2.annotations.inbox import LabelInbox
from searchr2.protocol.emitter import Emitter
from searchr2.protocol.schema import command_names, validation_errors
from searchr2.run.control import Control

HINT_UNKNOWN = "Update the extension or the trainer so both speak searchr2/1."
HINT_MALFORMED = "Send one JSON object per line, as described by the searchr2/1 schema."
HINT_NO_LABELS = (
    "This trainer run does not take labels; keep them in the annotation store "
    "and send them to a run that does."
)


def _refuse(emitter: Emitter, message: str, hint: str, command_id: str | None) -> None:
    event: dict[str, Any] = {"type": "error", "message": message, "fatal": False, "hint": hint}
    if command_id is not None:
        event["id"] = command_id
    emitter.emit(event)


def handle_line(
    line: str, emitter: Emitter, control: Control, labels: LabelInbox | None = None
) -> None:
    """Acks or refuses one command line. Without ``labels``, label commands are refused."""
    text = line.strip()
    if not text:
        return
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        _refuse(emitter, f"command is not JSON: {text[:80]!r}", HINT_MALFORMED, None)
        return
    if not isinstance(message, dict):
        _refuse(emitter, "command is not a JSON object", HINT_MALFORMED, None)
        return
    raw_id = message.get("id")
    command_id = raw_id if isinstance(raw_id, str) else None
    kind = message.get("type")
    if kind not in command_names():
        _refuse(emitter, f"unknown command {kind!r}", HINT_UNKNOWN, command_id)
        return
    errors = validation_errors(message, "Command")
    if errors:
        detail = "; ".join(errors[:3])
        _refuse(emitter, f"malformed {kind} command: {detail}", HINT_MALFORMED, command_id)
        return
    if kind == "label":
        if labels is None:
            _refuse(emitter, "this trainer does not take labels", HINT_NO_LABELS, command_id)
            return
        # Queued before either ack goes out: an acked label is never lost by this process.
        labels.put(message["label"])
        emitter.emit({"type": "ack", "id": command_id, "command": kind})
        emitter.emit({"type": "label_ack", "id": message["label"]["id"]})
        return
    if kind == "regenerate":
        # Checked here, on the reader thread, so an unservable request is refused at once.
        refusal = control.request_regenerate(
            str(command_id), message["rollout_id"], message["step"]
        )
        if refusal is not None:
            _refuse(emitter, refusal.message, refusal.hint, command_id)
            return
        emitter.emit({"type": "ack", "id": command_id, "command": kind})
        return
    emitter.emit({"type": "ack", "id": command_id, "command": kind})
    control.request(kind)


def read_commands(
    lines: Iterable[str], emitter: Emitter, control: Control, labels: LabelInbox | None = None
) -> None:
    try:
        for line in lines:
            try:
                handle_line(line, emitter, control, labels)
            except Exception as exc:  # a bad line must never kill the reader
                _refuse(emitter, f"could not handle command: {exc}", HINT_MALFORMED, None)
    finally:
        control.request("stop", source="eof")


def start_command_reader(
    lines: Iterable[str], emitter: Emitter, control: Control, labels: LabelInbox | None = None
) -> threading.Thread:
    """Reads commands on a daemon thread; pass ``labels`` to accept label commands into it."""
    thread = threading.Thread(
        target=read_commands,
        args=(lines, emitter, control, labels),
        name="searchr2-commands",
        daemon=True,
    )
    thread.start()
    return thread
