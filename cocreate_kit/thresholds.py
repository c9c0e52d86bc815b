"""Thresholds shared by every pillar, in one place.

Each pillar imports these names instead of typing its own number, so a change here changes
the kit everywhere and the README can quote one value.

* :data:`DEFAULT_K` (5) - small-cell suppression: no table or chart shows a group of fewer
  people (:mod:`cocreate_kit.privacy`). Danmarks Statistik and most Danish public bodies
  publish no cell under 5 (see ``shared/reference`` on small-cell suppression).
* :data:`SMALL_N_VERDICT` (20) - prototype tests: below this many participants in the
  smaller arm, overlapping arm intervals block a winner (the small-sample guard in
  :mod:`cocreate_kit.experiment`).
* :data:`SMALL_N_INTERVAL` (30) - survey metrics: below this many answers an interval
  (mean, NPS, SUS) is flagged as wide and approximate (the usual n >= 30 rule of thumb for
  normal approximations).

The two sample-size numbers answer different questions - "may we call a winner?" and "is this
interval trustworthy?" - so they keep separate names rather than one ``SMALL_N`` that meant 20
in one pillar and 30 in another.

Examples
--------
>>> DEFAULT_K, SMALL_N_VERDICT, SMALL_N_INTERVAL
(5, 20, 30)
"""

from __future__ import annotations

__all__ = ["DEFAULT_K", "DEFAULT_LEVEL", "SMALL_N_INTERVAL", "SMALL_N_VERDICT"]

#: Smallest group shown to stakeholders (small-cell suppression threshold).
DEFAULT_K = 5
#: Default interval level (``level=``) in every pillar.
DEFAULT_LEVEL = 0.95
#: Prototype tests: fewer participants than this in the smaller arm activates the guard.
SMALL_N_VERDICT = 20
#: Survey metrics: fewer answers than this flags an interval as wide and approximate.
SMALL_N_INTERVAL = 30
