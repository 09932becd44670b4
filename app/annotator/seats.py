"""Seats of government that stand for the government: 'the White House said'.

US news writes 'the White House' and 'the Oval Office' for the president's
administration; a story that also names 'the Trump administration' has one
actor, not two. The seat's mentions join the administration's; a story with
no administration named keeps the seat as its own body.
"""

from __future__ import annotations

from .registry import Registry

SEATS = {"white house": "USA", "oval office": "USA"}


def merge_seats(reg: Registry) -> None:
    for seat in [a for a in reg.actors if a.kind == "government_body" and a.name.lower() in SEATS]:
        code = SEATS[seat.name.lower()]
        admins = [
            a
            for a in reg.actors
            if a is not seat
            and a.kind == "government_body"
            and a.country == code
            and a.name.lower().endswith("administration")
            and a.name.lower() != "administration"
        ]
        if len(admins) != 1:
            continue  # no administration named, or two (a story of two presidencies): keep the seat
        admin = admins[0]
        for m in reg.mentions:
            if m.actor is seat:
                m.actor = admin
        for alias, span in zip(seat.aliases, seat.mentions, strict=False):
            admin.add(alias, span)
        for span in seat.mentions:
            if span not in admin.mentions:
                admin.mentions.append(span)
        reg.actors.remove(seat)
