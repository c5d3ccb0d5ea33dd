"""Sessions are bounded in number, expire, and survive concurrent use."""

from __future__ import annotations

import threading

from assistant.session import SessionState, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_sessions_expire_after_the_ttl():
    clock = Clock()
    store = SessionStore(max_sessions=10, ttl_s=60, clock=clock)
    sid, _ = store.get(None)
    store.put(sid, SessionState(project_ids=["DS-1.8"], intent="zustaendigkeit", area="DS"))
    clock.now = 59
    assert store.get(sid) == (sid, SessionState(["DS-1.8"], "zustaendigkeit", "DS", 0.0))
    clock.now = 121
    new_id, state = store.get(sid)
    assert new_id != sid and state.project_ids == []


def test_the_number_of_sessions_is_bounded():
    store = SessionStore(max_sessions=3, ttl_s=600)
    ids = []
    for n in range(5):
        sid, state = store.get(None)
        state.project_ids = [f"DS-1.{n + 1}"]
        store.put(sid, state)
        ids.append(sid)
    assert len(store) == 3
    assert store.get(ids[0])[0] != ids[0]  # the oldest were dropped
    assert store.get(ids[4])[1].project_ids == ["DS-1.5"]


def test_concurrent_use_keeps_the_bound():
    store = SessionStore(max_sessions=20, ttl_s=600)

    def work():
        for _ in range(200):
            sid, state = store.get(None)
            store.put(sid, state)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store) == 20
