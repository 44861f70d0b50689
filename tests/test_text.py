"""The matching key every stage compares text by."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tiendo.text import _fold_each_step, fold

# Vietnamese letters composed and decomposed, ASCII, every kind of space, invisible and foreign characters
_ALPHABET = st.sampled_from(list("aAzZ09 .-'đĐăÂêÔơƯýỹỆệẠạ\t\n\u00a0\u2003\u200b\u00ad\ufeffßẞøİK\u212aÅ\u0301\u0323\u0306ЖΩ"))


@settings(max_examples=2000, deadline=None)
@given(st.text(_ALPHABET, max_size=12))
def test_fold_equals_the_step_by_step_fold_on_any_text(text: str):
    assert fold(text) == _fold_each_step(text)


def test_fold_of_names_and_values():
    assert [fold(t) for t in ["Nguyễn Văn  Đức", " Công chức\u200b", "ĐH Anh văn", "HS.S01", "Hợp đồng 68"]] == [
        "nguyen van duc", "cong chuc", "dh anh van", "hs.s01", "hop dong 68"]
