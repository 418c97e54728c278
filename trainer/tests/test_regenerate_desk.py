"""Regenerate requests on the reader thread: accepted, or refused at once with a reason."""

from __future__ import annotations

import json
from typing import Any

from searchr2.protocol import CAPABILITIES
from searchr2.protocol.commands import handle_line
from searchr2.protocol.emitter import Emitter
from searchr2.protocol.schema import command_names, validation_errors
from searchr2.regenerate.desk import RegenerationDesk
from searchr2.run.control import Control

from .conftest import FIXTURES


def _rollout(rollout_id: str, n_turns: int = 3, step: int = 1) -> dict[str, Any]:
    turns = [{"text": f"<search> q{i} </search>", "action": "search"} for i in range(n_turns)]
    return {"id": rollout_id, "step": step, "turns": turns}


class Recorder(Emitter):
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def emit(self, event: dict[str, Any]) -> None:
        assert validation_errors(event, "Event") == []
        self.events.append(event)


def test_hello_offers_regenerate_and_every_capability_is_a_command() -> None:
    assert "regenerate" in CAPABILITIES
    assert set(CAPABILITIES) <= set(command_names())


def test_an_accepted_request_is_taken_once_with_a_copy_of_its_rollout() -> None:
    desk = RegenerationDesk(capacity=4)
    desk.remember(_rollout("s1-q1-g0"))
    assert desk.accept("c1", "s1-q1-g0", 2) is None
    assert desk.has_request
    request = desk.take()
    assert request is not None and request.step == 2 and request.rollout_id == "s1-q1-g0"
    assert desk.take() is None


def test_unknown_rollout_and_step_out_of_range_are_refused_with_the_reason() -> None:
    desk = RegenerationDesk(capacity=4)
    desk.remember(_rollout("s1-q1-g0", n_turns=2))
    unknown = desk.accept("c1", "nope", 1)
    assert unknown is not None and "'nope' is not one of" in unknown.message
    too_far = desk.accept("c2", "s1-q1-g0", 3)
    assert too_far is not None and "step 3 is outside" in too_far.message
    assert "1..2" in too_far.message
    assert not desk.has_request


def test_evicted_rollouts_are_refused_as_evicted_not_unknown() -> None:
    desk = RegenerationDesk(capacity=2)
    for i in range(3):
        desk.remember(_rollout(f"s{i + 1}-q1-g0", step=i + 1))
    refusal = desk.accept("c1", "s1-q1-g0", 1)
    assert refusal is not None
    assert "no longer held" in refusal.message and "last 2 rollouts" in refusal.message
    assert "(step 1)" in refusal.message
    assert desk.accept("c2", "s3-q1-g0", 1) is None  # the newest are still held


def test_a_second_request_is_refused_as_busy_until_the_first_is_done() -> None:
    desk = RegenerationDesk()
    desk.remember(_rollout("a"))
    assert desk.accept("c1", "a", 1) is None
    busy = desk.accept("c2", "a", 1)
    assert busy is not None and "busy" in busy.message
    desk.take()
    assert desk.accept("c3", "a", 1) is not None, "still busy while being served"
    desk.done()
    assert desk.accept("c4", "a", 1) is None


def test_reader_acks_a_servable_request_and_refuses_others_with_an_error_of_its_id() -> None:
    out, control = Recorder(), Control()
    control.regenerations.remember(_rollout("s1-q7-g1"))
    control.regenerations.remember(_rollout("s1-q7-g0"))
    lines = (FIXTURES / "regenerate.commands.jsonl").read_text().splitlines()
    for line in lines:
        assert validation_errors(json.loads(line), "Command") == []
    handle_line(lines[0], out, control)
    handle_line(lines[1], out, control)  # the first still waits: busy
    handle_line('{"type":"regenerate","id":"c10","rollout_id":"zz","step":1}', out, control)
    assert [(e["type"], e["id"]) for e in out.events] == [
        ("ack", "c8"),
        ("error", "c9"),
        ("error", "c10"),
    ]
    assert "busy" in out.events[1]["message"] and out.events[1]["fatal"] is False
    assert "'zz'" in out.events[2]["message"] and out.events[2]["hint"]
    assert control.regenerations.has_request


def test_a_request_wakes_a_paused_loop() -> None:
    control = Control()
    control.request("pause")
    control.regenerations.remember(_rollout("a"))
    assert control.request_regenerate("c1", "a", 1) is None
    control.wait_while_paused()  # returns at once: there is a request to serve
    assert control.pause_requested and control.regenerations.has_request
