from searchr2.text.normalize import exact_match, normalize_answer


def test_lowercases_strips_punctuation_articles_and_spaces() -> None:
    assert normalize_answer("  The  Beatles! ") == "beatles"
    assert normalize_answer("U.S.A.") == "usa"
    assert normalize_answer("a-ha") == "aha"


def test_articles_only_as_whole_words() -> None:
    assert normalize_answer("Theater") == "theater"
    assert normalize_answer("An Apple a day") == "apple day"


def test_punctuation_is_removed_before_articles() -> None:
    # "the," loses its comma first, then goes as an article (Search-R1 order).
    assert normalize_answer("the, end") == "end"
    # Removing the apostrophe joins the words, so no article remains to drop.
    assert normalize_answer("a'b") == "ab"


def test_non_ascii_punctuation_survives_like_in_search_r1() -> None:
    en_dash = "\u2013"
    assert normalize_answer(f"1990{en_dash}1995") == f"1990{en_dash}1995"


def test_exact_match_any_alias() -> None:
    assert exact_match("kelvane", ["Kelvane Labs", "Kelvane"]) == 1.0
    assert exact_match("Kelvane Lab", ["Kelvane Labs", "Kelvane"]) == 0.0


def test_exact_match_of_missing_answer_is_zero() -> None:
    assert exact_match(None, ["x"]) == 0.0
    assert exact_match("", ["x"]) == 0.0


def test_exact_match_accepts_a_single_string() -> None:
    assert exact_match("The Orsk", "orsk") == 1.0
