"""``fyr seed-demo``: the hyphenated spelling of ``seed_demo`` (see that module).

Django names a command after its module file and imports it with ``importlib``, which accepts a
hyphen, so this file makes ``fyr seed-demo`` work beside ``call_command("seed_demo")``.
"""

from fyr.core.management.commands.seed_demo import Command

__all__ = ["Command"]
