import pytest

from searchr2.retrieval.types import Passage
from searchr2.text.prompt import build_prompt, information_block, invalid_action_feedback
from searchr2.text.tags import extract_answer, extract_think, parse_action


def test_first_action_wins() -> None:
    action = parse_action("<think> x </think>\n<search> Talo Venmir </search><answer> no </answer>")
    assert (action.kind, action.content) == ("search", "Talo Venmir")


def test_answer_action_is_stripped_and_may_span_lines() -> None:
    action = parse_action("<answer>\n Orsk \n</answer>")
    assert (action.kind, action.content) == ("answer", "Orsk")


def test_mismatched_or_missing_tags_are_invalid() -> None:
    assert parse_action("<search> x </answer>").kind == "invalid"
    assert parse_action("I think the answer is Orsk").kind == "invalid"
    assert parse_action("<search> unfinished").kind == "invalid"


def test_last_answer_span_is_scored() -> None:
    assert extract_answer("<answer> a </answer> then <answer> b </answer>") == "b"
    assert extract_answer("<answer> open only") is None


def test_think_content() -> None:
    assert extract_think("<think> plan </think><search> q </search>") == "plan"
    assert extract_think("<search> q </search>") is None


def test_prompt_appends_question_mark_once() -> None:
    assert build_prompt("Where was X born").endswith("Question: Where was X born?\n")
    assert build_prompt("Where was X born?").endswith("Question: Where was X born?\n")
    assert build_prompt("q").startswith("Answer the given question.")
    compact = build_prompt("Where was X born", "compact")
    assert compact.endswith("Question: Where was X born?\n")
    assert len(compact) < len(build_prompt("Where was X born")) / 2
    with pytest.raises(ValueError, match="unknown prompt"):
        build_prompt("q", "nope")


def test_information_block_follows_search_r1_layout() -> None:
    passages = [
        Passage("p1", '"Talo Venmir"\nTalo was born in Orsk.'),
        Passage("p2", '"Orsk"\nA city.'),
    ]
    block = information_block(passages)
    assert block == (
        '\n\n<information>Doc 1(Title: "Talo Venmir") Talo was born in Orsk.\n'
        'Doc 2(Title: "Orsk") A city.</information>\n\n'
    )
    assert passages[0].title == "Talo Venmir"


def test_invalid_feedback_is_search_r1_text() -> None:
    text = invalid_action_feedback()
    assert text.startswith("\nMy previous action is invalid.")
    assert text.endswith("Let me try again.\n")
