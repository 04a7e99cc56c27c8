"""The broadcast tick stretches with the number of recipients, within its bounds."""
from types import SimpleNamespace

from deliberation.live.pump import NAMESPACE, Pump


def _pump(sizes: dict[str, int]) -> Pump:
    rooms = {NAMESPACE: {room: {f"{room}-{i}": i for i in range(n)} for room, n in sizes.items()}}
    server = SimpleNamespace(manager=SimpleNamespace(rooms=rooms))
    return Pump(None, server, 0.05, 0.1, None, None, None, fanout_per_second=5000, max_tick=0.2)


def test_small_rooms_keep_the_tick_large_ones_stretch_it_up_to_the_bound():
    pump = _pump({"small": 40, "large": 500, "huge": 5000})

    def updates(*rooms):
        return pump._tick_for(dict.fromkeys(rooms), pump.tick, pump.fanout_per_second)

    assert updates("small") == 0.05
    assert updates("large") == 0.1  # 500 recipients at 5,000 sends a second
    assert updates("small", "large") == 540 / 5000
    assert updates("huge") == 0.2  # never slower than the bound
    assert updates("gone") == 0.05  # a room everyone left


def test_presence_gets_half_the_budget():
    pump = _pump({"small": 40, "large": 500})
    assert pump._tick_for({"small": None}, pump.presence_tick, pump.fanout_per_second / 2) == 0.1
    assert pump._tick_for({"large": None}, pump.presence_tick, pump.fanout_per_second / 2) == 0.2
