"""Hypothesis profiles for the fuzz tests: a short run in `make test` (and CI), a long one in `make fuzz`.

`HYPOTHESIS_PROFILE=fuzz` (what `make fuzz` sets) runs many more examples per property, and
`--hypothesis-show-statistics` prints how many ran. No example database is written into the project.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, database=None, derandomize=False,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=60, **_COMMON)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3000")), **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
