"""The ``deliveries`` event topic: every webhook delivery's moves (received, its outcome,
requeued for reprocessing)."""

from __future__ import annotations

from typing import get_args

from domains.github import repo
from domains.github.models import DeliveryEventPayload, DeliveryEventType
from rpc.event_families import EventFamily

FAMILIES = (
    EventFamily(
        topic=repo.DELIVERIES_TOPIC,
        types=get_args(DeliveryEventType),
        payload=DeliveryEventPayload,
        description="Every webhook delivery's moves: received, its outcome, requeued.",
    ),
)
