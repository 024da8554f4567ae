"""Events: typed event mentions with participants, status and evidence, from one parsed article.

`extract` finds triggers and their participants in the parse; the trigger lexicon and the learned
typer live beside it. `extract_events` is the stage's entry point.
"""

from tidings.events.extract import extract_events

__all__ = ["extract_events"]
