"""A DataCollector for plain numbers.

Mesa's DataCollector deep-copies every reported value, every week, to protect
mutable values. Every cxsim column is a plain int or float computed afresh each
week, so the copy buys nothing; skipping it saves about a twentieth of a run.
The public interface (``model_vars``, ``get_model_vars_dataframe``) is Mesa's.
"""

from __future__ import annotations

import mesa


class NumberCollector(mesa.DataCollector):
    """Mesa's DataCollector without the per-value deep copy (model reporters only)."""

    def collect(self, model: mesa.Model) -> None:
        """Append this week's value of every model reporter."""
        if self.agent_reporters or self.agenttype_reporters or not self._validated:
            super().collect(model)  # first call validates reporters the usual way
            return
        for name, reporter in self.model_reporters.items():
            self.model_vars[name].append(reporter(model))
