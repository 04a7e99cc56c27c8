"""The ?lines= a search hit's link carries, read by the numbered pages to mark those lines."""
import pytest

from deliberation.web.ui import marked_lines


@pytest.mark.parametrize("value, marked", [
    ("12-14", (12, 14)), ("7", (7, 7)), ("7-7", (7, 7)), (None, None), ("", None), ("14-12", None),
    ("0-3", None), ("a-b", None), ("-3", None), ("3--4", None), ("1" * 30, None), ("١٢", None),
])
def test_marked_lines(value, marked):
    assert marked_lines(value) == marked
