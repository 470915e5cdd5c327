"""Following up the work: nulägesanalys per unit and period, indicator values, work plans.

Data flows as everywhere in procmodel: files → model → checks → report.

- :mod:`~procmodel.followup.config`: ``followup:`` in ``procmodel.yaml`` (scale, periods, due dates);
- :mod:`~procmodel.followup.model`: the file models and :class:`~procmodel.followup.model.FollowUp`,
  which the loader puts on ``repo.followup`` (the file layout is described there);
- :mod:`~procmodel.followup.load` and :mod:`~procmodel.followup.indicators`: reading the YAML files
  and the indicator CSV files into it, with located findings;
- :mod:`~procmodel.followup.served`: which goals a unit's processes serve;
- :mod:`~procmodel.followup.report`: the matrix (unit × goal levels per period), overdue actions and
  missing assessments as data, text, Markdown and JSON (``procmodel followup report``).

The check rules are in :mod:`procmodel.rules.followup` (PM801–PM807).
"""
