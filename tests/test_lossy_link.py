"""Server and clients through an in-memory wire that drops half of all datagrams."""

from starlane.net import (
    ClientConfig,
    ClientProtocol,
    EventJudged,
    Notified,
    RetrySchedule,
    ServerConfig,
    ServerProtocol,
    Timeouts,
)
from tests.helpers import SERVER, Recorder, Wire, seeded_ids

PATIENT = RetrySchedule(first=0.05, factor=2, longest=0.4, attempts=30)
# at 50% loss a few heartbeats in a row are lost now and then: this test is about
# delivery, not failure detection, so silence is tolerated longer than by default
SLOW_TO_GIVE_UP = Timeouts(proof_timeout=10.0, lost_after=20.0)


def test_under_heavy_loss_every_event_is_judged_once_executed_once_and_seen_once():
    rec = Recorder()
    server = ServerProtocol(rec, ServerConfig(schedule=PATIENT, timeouts=SLOW_TO_GIVE_UP),
                            new_id=seeded_ids(2))
    wire = Wire(server, loss=0.5, seed=11)
    clients = [wire.add((f"10.0.0.{i}", 5000), ClientProtocol(
        SERVER, name=f"P{i}", config=ClientConfig(schedule=PATIENT, register_schedule=PATIENT,
                                   server_timeout=20.0),
        new_id=seeded_ids(10 + i)))
        for i in range(2, 6)]
    for client in clients:
        client.register(wire.now)
    wire.run(10.0)  # a REGISTER round trip gets through 1 time in 4: allow 25+ tries each
    assert all(c.status == "registered" for c in clients)
    for c in clients:
        c.events()
    for n in range(20):
        for i, client in enumerate(clients):
            client.event({"n": n, "bad": "odd"} if n % 2 else {"n": n, "c": i}, wire.now)
        wire.run(0.05)
    server.notify_all({"round": "over"}, wire.now)
    wire.run(10.0)

    assert 0.4 < wire.dropped / (wire.dropped + wire.delivered) < 0.6
    assert len(rec.judged) == 80
    assert sorted((name, d["n"]) for name, d in rec.executed) == sorted(
        (f"P{i}", n) for i in range(2, 6) for n in range(0, 20, 2))
    for client in clients:
        events = client.events()
        judged = [e for e in events if isinstance(e, EventJudged)]
        assert sorted(e.outcome for e in judged) == ["illegal"] * 10 + ["legal"] * 10
        assert [e.event_data for e in events if isinstance(e, Notified)] == [{"round": "over"}]
        assert not client.pending
