"""The broadcast tick stretches with the number of recipients, within its bounds."""
from types import SimpleNamespace

from deliberation.live.pump import NAMESPACE, Pump


def _pump(sizes: dict[str, int]) -> Pump:
    rooms = {NAMESPACE: {room: {f"{room}-{i}": i for i in range(n)} for room, n in sizes.items()}}
    server = SimpleNamespace(manager=SimpleNamespace(rooms=rooms))
    return Pump(None, server, 0.05, 0.1, None, None, None, fanout_per_second=5000, max_tick=0.2)


def test_small_rooms_keep_the_tick_large_ones_stretch_it_up_to_the_bound():
    pump = _pump({"small": 40, "large": 500, "huge": 5000})
    assert pump._tick_for({"small": None}) == 0.05
    assert pump._tick_for({"large": None}) == 0.1  # 500 recipients at 5,000 sends a second
    assert pump._tick_for({"small": None, "large": None}) == 540 / 5000
    assert pump._tick_for({"huge": None}) == 0.2  # never slower than the bound
    assert pump._tick_for({"gone": None}) == 0.05  # a room everyone left
