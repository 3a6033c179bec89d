"""The one place where settings meet the process environment."""

import os
from pathlib import Path

import environ

# portal/ (the Django project) and the repository root above it.
BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent

env = environ.Env()

# A developer's .env at the repository root fills in what the shell did not set. Only the
# local settings read it: tests and production see the real environment alone.
if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".local"):
    env_file = REPO_DIR / ".env"
    if env_file.is_file():
        env.read_env(str(env_file))
