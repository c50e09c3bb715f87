"""The catalog as the picker shows it: closed nodes (a closed node closes its whole subtree)."""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

from server.reference.catalog import Catalog, SpecialtyNode


def closed_subtree(catalog: Catalog, closed: Collection[str]) -> frozenset[str]:
    """Every node that is closed itself or sits under a closed node (unknown codes are ignored)."""
    result: set[str] = set()
    for node in catalog:  # depth first: a parent comes before its children
        if node.code in closed or node.parent_code in result:
            result.add(node.code)
    return frozenset(result)


def tree(catalog: Catalog, closed: Collection[str] = frozenset()) -> list[dict[str, Any]]:
    """``[{"code", "name", "level", "closed", "children": [...]}]`` in catalog order."""
    shut = closed_subtree(catalog, closed)

    def node_dict(node: SpecialtyNode) -> dict[str, Any]:
        return {"code": node.code, "name": node.name, "level": node.level, "closed": node.code in shut,
                "children": [node_dict(child) for child in node.children]}

    return [node_dict(root) for root in catalog.roots]
