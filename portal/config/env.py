"""The one place where settings meet the process environment."""

import os
from pathlib import Path

import environ

# portal/ (the Django project) and the repository root above it.
BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent

env = environ.Env()

# A developer's .env at the repository root fills in what the shell did not set.
# Tests never read it, so a local .env cannot change what the suite checks.
if not os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".test"):
    env_file = REPO_DIR / ".env"
    if env_file.is_file():
        env.read_env(str(env_file))
