"""Writes of the innovations app. Each service checks access, changes the data and records
its audit event in one transaction; the modules split the work by subject."""

from .agents import *  # noqa: F403
from .evidence import *  # noqa: F403
from .health import *  # noqa: F403
from .lessons import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .monitoring import *  # noqa: F403
from .registry import *  # noqa: F403
