"""``--role`` for the commands that write or print data for someone else.

``export``, ``profile``, ``chain-brief`` and the query commands (``enterprises`` and ``parcels`` too) are filtered through
:func:`geo.access.visible_catalogue`. Without ``--role`` a command sees everything, as before (the command line is a maintainer's tool on
the server); ``--role public`` gives exactly what an anonymous visitor may see.
"""

from __future__ import annotations

from .access import visible_catalogue
from .accounts import ROLES

ROLE_COMMANDS = (
    "export",
    "profile",
    "chain-brief",
    "sites",
    "industries",
    "orgs",
    "targets",
    "projects",
    "enterprises",
    "parcels",
)


def register(sub) -> None:
    """Add ``--role`` to every command of :data:`ROLE_COMMANDS` that exists."""
    for name in ROLE_COMMANDS:
        if name in sub.choices:
            sub.choices[name].add_argument(
                "--role", choices=ROLES, help="show only what this role may see (default: everything)"
            )


def _with_role(handler):
    def run(cat, args):
        role = getattr(args, "role", None)
        if role is None:
            return handler(cat, args)
        if getattr(args, "as_of", None) is not None:  # the as-of catalogue, filtered like today's
            from .stores import open_store

            cat, args.as_of = open_store(args.data_dir).catalogue_as_of(args.as_of), None
        return handler(visible_catalogue(cat, role), args)

    return run


def with_roles(handlers: dict) -> dict:
    """``handlers`` with every command of :data:`ROLE_COMMANDS` filtered by ``--role``."""
    return {name: _with_role(h) if name in ROLE_COMMANDS else h for name, h in handlers.items()}
