"""Typed errors of the GitHub domain.

::

    NotFound
    ├── DeliveryNotFound        github.get_delivery / reprocess_delivery: no such delivery
    └── IssueAnalysisNotFound   github.get_issue_analysis: no such analysis
    InvalidTransition
    └── DeliveryNotReprocessable  the delivery still waits to be processed
"""

from __future__ import annotations

from uuid import UUID

from rpc.errors import InvalidTransition, NotFound


class DeliveryNotFound(NotFound):
    """No stored delivery has this id (it may have been pruned)."""

    def __init__(self, *, delivery_id: UUID) -> None:
        super().__init__(resource="webhook_delivery", id=str(delivery_id))


class IssueAnalysisNotFound(NotFound):
    """No issue analysis has this id."""

    def __init__(self, *, analysis_id: UUID) -> None:
        super().__init__(resource="issue_analysis", id=str(analysis_id))


class DeliveryNotReprocessable(InvalidTransition):
    """Only a processed, ignored or failed delivery can be processed again."""

    def __init__(self, *, status: str) -> None:
        super().__init__(resource="webhook_delivery", from_=status, to="received")
