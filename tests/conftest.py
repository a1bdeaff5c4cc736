"""Property tests draw the same examples on every machine and in CI (``derandomize``): a red run can be
repeated by anyone, and a green one does not depend on luck. ``python -m pytest
--hypothesis-profile=explore`` draws new random examples on each run, to look for the inputs the fixed
ones miss; a failure found that way becomes a plain example test."""

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")
