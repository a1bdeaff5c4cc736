"""District view: rank many units from their scored workbooks or from a published table.

``rank(sources, **options) -> Ranking`` is the entry point (see :mod:`parxl.district.api`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parxl.district.api import rank
    from parxl.district.ranking import Ranking

__all__ = ["Ranking", "rank"]


def __getattr__(name: str) -> Any:
    """Lazy: ``import parxl.district`` stays cheap (pandas is imported only when a table is made)."""
    if name == "rank":
        from parxl.district.api import rank

        return rank
    if name == "Ranking":
        from parxl.district.ranking import Ranking

        return Ranking
    raise AttributeError(name)
