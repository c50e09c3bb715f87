"""The specialty catalog as rows of the ``specialty_nodes`` table, and back.

A row is ``(code, name, level, parent_code)``; ``position`` is the row's index in depth-first
file order, so reading the rows ordered by position rebuilds the tree in the file's order.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from server.reference.catalog import Catalog, CatalogError, catalog_from_data

Row = tuple[str, str, int, str | None]

NAME_MAX = 100  # specialty_nodes.name is String(100)


def rows_of(catalog: Catalog) -> list[Row]:
    """The catalog's nodes depth first, in file order (a node's index is its position)."""
    return [(node.code, node.name, node.level, node.parent_code) for node in catalog]


def row_dicts(edition: str, catalog: Catalog) -> list[dict[str, Any]]:
    """Parameters for a bulk INSERT into specialty_nodes."""
    return [{"edition": edition, "code": code, "name": name, "level": level, "parent_code": parent,
             "position": position}
            for position, (code, name, level, parent) in enumerate(rows_of(catalog))]


def check_fits_table(catalog: Catalog) -> None:
    """Refuse what the table cannot hold (the file format itself allows any name length)."""
    for node in catalog:
        if len(node.name) > NAME_MAX:
            raise CatalogError(f"专业目录文件有误：编码 {node.code} 的名称超过{NAME_MAX}个字符", code=node.code)


def catalog_from_rows(rows: Sequence[Row], *, standard: str = "", source: str = "") -> Catalog:
    """Rebuild the tree from rows in position order, with the same checks as a file."""
    documents: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for code, name, _level, parent_code in rows:
        document: dict[str, Any] = {"code": code, "name": name, "children": []}
        documents[code] = document
        if parent_code is None:
            roots.append(document)
        elif parent_code in documents:
            documents[parent_code]["children"].append(document)
        else:
            raise CatalogError(f"专业目录数据有误：编码 {code} 的上级 {parent_code} 不存在或排在其后", code=code)
    return catalog_from_data({"standard": standard, "tree": roots}, source=source)


def as_tuples(rows: Iterable[Iterable[Any]]) -> tuple[Row, ...]:
    return tuple((str(code), str(name), int(level), parent) for code, name, level, parent in rows)
