"""Turns: a connection's events take their turns in the order they asked, even when one
yields part-way (as a database read under gevent does); other connections do not wait."""
import threading
import time

from deliberation.live.turns import Turns


def test_a_later_event_waits_for_the_earlier_one_to_leave_its_turn():
    turns, log = Turns(), []
    first_inside, release = threading.Event(), threading.Event()

    def first():
        with turns.turn("a"):
            first_inside.set()
            release.wait(5)  # yields part-way, as a PostgreSQL read would
            log.append("first")

    def second():
        with turns.turn("a"):
            log.append("second")

    t1 = threading.Thread(target=first)
    t1.start()
    first_inside.wait(5)
    t2 = threading.Thread(target=second)
    t2.start()
    time.sleep(0.05)
    assert log == []  # the second waits, though the first is idle
    release.set()
    t1.join(5)
    t2.join(5)
    assert log == ["first", "second"]
    assert len(turns) == 0  # nothing kept once every event has had its turn


def test_other_connections_and_a_turn_after_an_error_go_at_once():
    turns = Turns()
    with turns.turn("a"):
        with turns.turn("b"):  # another connection: no wait
            pass
    try:
        with turns.turn("a"):
            raise ValueError
    except ValueError:
        pass
    with turns.turn("a"):  # the failed event left its turn
        pass
    assert len(turns) == 0
