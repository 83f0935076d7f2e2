"""The world as JSON for a state NOTIFY, and back. Rows are arrays to keep datagrams small.

``to_wire`` rounds positions to 0.1 px; ``from_wire`` raises ``ValueError`` on anything
malformed (the client counts and skips such a state, it never crashes on one).
"""

from __future__ import annotations

from typing import Any

from game.sim import KEYS, Asteroid, Bullet, Ship, World


def _r(v: float) -> float:
    return round(v, 1)


def to_wire(world: World, feed: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "t": world.tick,
        "seed": world.seed,
        "ships": [[s.pid, s.name, _r(s.x), _r(s.y), _r(s.vx), _r(s.vy), _r(s.angle), s.hp,
                   int(s.alive), s.respawn_tick, s.shield_until, s.next_fire_tick, s.score,
                   s.deaths, sum(1 << i for i, k in enumerate(KEYS) if k in s.keys)]
                  for s in world.ships.values()],
        "bullets": [[b.bid, b.owner, _r(b.x), _r(b.y), _r(b.vx), _r(b.vy), b.expires]
                    for b in world.bullets.values()],
        "rocks": [[a.aid, _r(a.x), _r(a.y), _r(a.vx), _r(a.vy), a.r]
                  for a in world.asteroids.values()],
        "feed": feed,
    }


def from_wire(data: Any) -> tuple[World, list[dict[str, Any]]]:
    try:
        world = World(seed=int(data["seed"]), tick=int(data["t"]))
        for (pid, name, x, y, vx, vy, angle, hp, alive, respawn, shield, next_fire, score,
             deaths, keybits) in data["ships"]:
            world.ships[int(pid)] = Ship(
                int(pid), str(name), float(x), float(y), float(vx), float(vy), float(angle),
                int(hp), bool(alive), int(respawn), int(shield), int(next_fire), False,
                int(score), int(deaths), {k for i, k in enumerate(KEYS) if int(keybits) >> i & 1})
        for bid, owner, x, y, vx, vy, expires in data["bullets"]:
            world.bullets[int(bid)] = Bullet(int(bid), int(owner), float(x), float(y), float(vx),
                                             float(vy), int(expires))
        for aid, x, y, vx, vy, r in data["rocks"]:
            world.asteroids[int(aid)] = Asteroid(int(aid), float(x), float(y), float(vx),
                                                 float(vy), float(r))
        feed = [f for f in data.get("feed", []) if isinstance(f, dict)]
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"malformed state: {err}") from None
    return world, feed
