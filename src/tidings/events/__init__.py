"""Events: typed event mentions with participants, status and evidence, from one parsed article.

The `extract` module finds triggers and their participants in the parse; the trigger lexicon and
the learned typer live beside it. `extract_events` is the stage's entry point; `extract` also
returns the actors it gave to parties the actor stage left without one (`unnamed`).
"""

from tidings.events.extract import Extraction, extract, extract_events

__all__ = ["Extraction", "extract", "extract_events"]
