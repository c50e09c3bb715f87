"""Catalog documents as the tests edit them: find a node, make the correction the tests load."""
from __future__ import annotations

from typing import Any

Tree = list[dict[str, Any]]


def find(tree: Tree, code: str) -> dict[str, Any]:
    """The node with `code` in a catalog document's (or the API's) tree."""
    for node in tree:
        if node["code"] == code:
            return node
        if code.startswith(node["code"]):
            return find(node.get("children") or [], code)
    raise KeyError(code)


def rename_a0401_and_add_a040118(tree: Tree) -> None:
    """The correction the tests load: one renamed node and one added node."""
    a0401 = find(tree, "A0401")
    a0401["name"] = "建筑工程（含装配式）"
    a0401["children"].insert(17, {"code": "A040118", "name": "装配式建筑"})
