"""Development on a laptop: debug pages, console e-mail, SQLite under var/."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

VAR_DIR.mkdir(parents=True, exist_ok=True)
