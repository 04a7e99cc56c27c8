"""Readers for published ballot files, on small hand-made inputs."""
import pytest

from deliberation.ballot.counting import parse_abif, parse_debian_tally

DEBIAN = """\
     Option 1----->: Alice Example
   /  Option 2---->: Bob
   |/  Option 3--->: None Of The Above
   ||/
V: 12- \t\tdeadbeef
V: 1-1 \t\tcafef00d
V: 21- \t\t0123
V: 12- \t\t4567
"""


def test_debian_tally_reads_options_ranks_and_ties():
    options, ballots = parse_debian_tally(DEBIAN)
    assert options == ["Alice Example", "Bob", "None Of The Above"]
    assert dict(ballots) == {
        (("Alice Example",), ("Bob",)): 2,
        (("Alice Example", "None Of The Above"),): 1,
        (("Bob",), ("Alice Example",)): 1,
    }


def test_debian_tally_accepts_given_option_names():
    options, ballots = parse_debian_tally(DEBIAN, ["A", "B", "N"])
    assert options == ["A", "B", "N"] and (("A",), ("B",)) in dict(ballots)


def test_debian_tally_refuses_a_vote_with_too_few_marks():
    with pytest.raises(ValueError, match="one mark per option"):
        parse_debian_tally(DEBIAN + "V: 12 \t\tfeed\n")


def test_debian_tally_needs_option_names():
    with pytest.raises(ValueError, match="no “Option N"):
        parse_debian_tally("V: 12 \t\tfeed\n")


ABIF = """\
{version: "0.1"}
# a comment
=Kiss:[Bob Kiss]
=Wright:[Kurt Wright]
=Montroll:[Andy Montroll]
10:Wright>Kiss
3:Montroll=Kiss>Wright   # tie
2:[Write-in]>Kiss
1:Wright>Kiss
4:
"""


def test_abif_reads_counts_ties_and_undeclared_candidates():
    options, ballots = parse_abif(ABIF)
    assert options == ["Kiss", "Wright", "Montroll", "Write-in"]
    assert dict(ballots) == {
        (("Wright",), ("Kiss",)): 11,
        (("Kiss", "Montroll"), ("Wright",)): 3,
        (("Write-in",), ("Kiss",)): 2,
        (): 4,
    }


@pytest.mark.parametrize("line", ["3:Kiss>", "x:Kiss", "2:Kiss/5>Wright", "3:Kiss>>Wright"])
def test_abif_refuses_what_it_cannot_read(line):
    with pytest.raises(ValueError):
        parse_abif(line)
