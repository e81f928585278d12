"""The agents domain's typed errors (subclasses of ``rpc.errors``)."""

from __future__ import annotations

from uuid import UUID

from rpc.errors import NotFound


class AgentConfigNotFound(NotFound):
    """The project has no config for this agent type."""

    def __init__(self, *, project_id: UUID, agent_type: str) -> None:
        super().__init__(resource="support_agent_config", id=f"{project_id}/{agent_type}")
