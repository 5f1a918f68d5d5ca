"""Thin views: resolve objects through the user, call a service, render."""

from .evidence import *  # noqa: F403
from .monitoring import *  # noqa: F403
from .registry import *  # noqa: F403
from .steps import *  # noqa: F403
