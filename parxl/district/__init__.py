"""District view: rank many units from their scored workbooks or from a published table.

``rank(sources, **options) -> Ranking`` is the entry point (see :mod:`parxl.district.api`). Importing it is
cheap: pandas, openpyxl and lxml are imported only when a ranking is made.
"""

from __future__ import annotations

from parxl.district.api import rank
from parxl.district.ranking import Ranking

__all__ = ["Ranking", "rank"]
