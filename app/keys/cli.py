"""``python -m app keys create|list|revoke``: the only way keys are made or revoked."""

import argparse
import sys

from app.core.db import session_scope
from app.core.migrate import upgrade
from app.keys import service


def run(args: argparse.Namespace) -> int:
    upgrade()
    with session_scope(write=True) as session:
        if args.keys_command == "create":
            try:
                key, token = service.create_key(session, args.name, args.scopes.split())
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            print(f"created key {key.prefix} ({key.name}, scopes: {key.scopes})")
            print("store this key now; it is not shown again:")
            print(token)
        elif args.keys_command == "list":
            for k in service.list_keys(session):
                state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
                print(f"{k.prefix}\t{k.name}\t{k.scopes}\t{state}")
        elif args.keys_command == "revoke":
            if not service.revoke_key(session, args.prefix):
                print(f"no active key with prefix {args.prefix}")
                return 1
            print(f"revoked {args.prefix}")
    return 0
