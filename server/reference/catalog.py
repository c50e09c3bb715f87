"""The bid-evaluation specialty catalog (评标专业分类), category A 工程.

A catalog file is JSON: ``{"standard": ..., "tree": [node, ...]}`` where a node is
``{"code": "A04", "name": "设计", "children": [...]}``. Codes follow the scheme
level 1 ``A\\d\\d`` (A04), level 2 = parent + 2 digits (A0401),
level 3 = parent + 2 digits (A040101). Level 3 nodes have no children.

The 2018 edition is the default; the 2010 edition is kept for renewal applicants
whose earlier records carry 2010 codes. Staff may load a corrected file with
:func:`load_catalog`; a bad file is refused with a :class:`CatalogError` naming the node.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_EDITION = "2018"
RENEWAL_EDITION = "2010"
EDITIONS = (DEFAULT_EDITION, RENEWAL_EDITION)
MAX_LEVEL = 3

_LEVEL1_CODE = re.compile(r"A\d\d")
_TWO_DIGITS = re.compile(r"\d\d")


class CatalogError(ValueError):
    """A catalog file that cannot be used. The message (Chinese) names the bad node."""

    def __init__(self, message: str, *, code: str | None = None, location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.location = location


@dataclass(frozen=True, slots=True, eq=False)
class SpecialtyNode:
    code: str
    name: str
    level: int
    parent_code: str | None
    children: tuple[SpecialtyNode, ...] = field(default=(), repr=False)

    @property
    def has_children(self) -> bool:
        return bool(self.children)

    @property
    def label(self) -> str:
        """``"A0401 建筑工程"``: how messages and the review sheet name a node."""
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Catalog:
    """An immutable specialty tree with lookup by code."""

    roots: tuple[SpecialtyNode, ...]
    standard: str = ""
    source: str = ""
    _by_code: Mapping[str, SpecialtyNode] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, roots: tuple[SpecialtyNode, ...], *, standard: str = "", source: str = "") -> Catalog:
        by_code: dict[str, SpecialtyNode] = {}
        stack = list(roots)
        while stack:
            node = stack.pop()
            by_code[node.code] = node
            stack.extend(node.children)
        return cls(roots, standard, source, MappingProxyType(by_code))

    def __repr__(self) -> str:
        return f"<Catalog {self.source or self.standard or 'in memory'}: {len(self)} nodes>"

    def get(self, code: str) -> SpecialtyNode | None:
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> SpecialtyNode:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[SpecialtyNode]:
        """All nodes, depth first, in file order."""
        def walk(nodes: tuple[SpecialtyNode, ...]) -> Iterator[SpecialtyNode]:
            for node in nodes:
                yield node
                yield from walk(node.children)

        return walk(self.roots)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def parent(self, code: str) -> SpecialtyNode | None:
        node = self._by_code.get(code)
        if node is None or node.parent_code is None:
            return None
        return self._by_code[node.parent_code]

    def ancestors(self, code: str) -> tuple[SpecialtyNode, ...]:
        """The node's ancestors, nearest first."""
        chain: list[SpecialtyNode] = []
        node = self.parent(code)
        while node is not None:
            chain.append(node)
            node = self.parent(node.code)
        return tuple(chain)

    def nodes_at(self, level: int) -> tuple[SpecialtyNode, ...]:
        return tuple(node for node in self if node.level == level)


def _expected_pattern_hint(level: int, parent_code: str | None) -> str:
    if level == 1:
        return "一级类别编码应为A加2位数字（如A04）"
    return f"{'二' if level == 2 else '三'}级类别编码应为上级编码{parent_code}加2位数字"


def _build_node(
    raw: Any, level: int, parent_code: str | None, location: str, seen: dict[str, str]
) -> SpecialtyNode:
    if not isinstance(raw, dict):
        raise CatalogError(f"专业目录文件有误：{location} 不是一个节点对象", location=location)
    code = raw.get("code")
    name = raw.get("name")
    shown = code if isinstance(code, str) else repr(code)
    where = f"{location}（编码 {shown}）"
    if not isinstance(code, str):
        raise CatalogError(f"专业目录文件有误：{where} 缺少编码", location=location)
    if level > MAX_LEVEL:
        raise CatalogError(
            f"专业目录文件有误：{where} 超出三级类别，三级类别下不能再有子类别", code=code, location=location
        )
    if level == 1:
        well_formed = _LEVEL1_CODE.fullmatch(code) is not None
    else:
        assert parent_code is not None
        well_formed = code.startswith(parent_code) and _TWO_DIGITS.fullmatch(code[len(parent_code):]) is not None
    if not well_formed:
        raise CatalogError(
            f"专业目录文件有误：{where} 编码格式不正确，{_expected_pattern_hint(level, parent_code)}",
            code=code,
            location=location,
        )
    if code in seen:
        raise CatalogError(
            f"专业目录文件有误：编码 {code} 重复出现（{seen[code]} 与 {location}）", code=code, location=location
        )
    seen[code] = location
    if not isinstance(name, str) or not name.strip():
        raise CatalogError(f"专业目录文件有误：{where} 名称为空", code=code, location=location)
    raw_children = raw.get("children") or []
    if not isinstance(raw_children, list):
        raise CatalogError(f"专业目录文件有误：{where} 的 children 不是列表", code=code, location=location)
    children = tuple(
        _build_node(child, level + 1, code, f"{location}.children[{index}]", seen)
        for index, child in enumerate(raw_children)
    )
    return SpecialtyNode(code=code, name=name.strip(), level=level, parent_code=parent_code, children=children)


def catalog_from_data(data: Any, *, source: str = "") -> Catalog:
    """Validate an already-parsed catalog document and build the tree."""
    if not isinstance(data, dict) or not isinstance(data.get("tree"), list):
        raise CatalogError(f"专业目录文件有误：{source or '文件'} 缺少 tree 列表")
    seen: dict[str, str] = {}
    roots = tuple(
        _build_node(raw, 1, None, f"tree[{index}]", seen) for index, raw in enumerate(data["tree"])
    )
    if not roots:
        raise CatalogError(f"专业目录文件有误：{source or '文件'} 没有任何类别")
    standard = data.get("standard") if isinstance(data.get("standard"), str) else ""
    return Catalog.build(roots, standard=standard, source=source)


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; raise :class:`CatalogError` naming the bad node."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CatalogError(f"专业目录文件有误：{path.name} 不是有效的JSON（第{exc.lineno}行）") from exc
    return catalog_from_data(data, source=str(path))


def bundled_catalog_path(edition: str = DEFAULT_EDITION) -> Path:
    if edition not in EDITIONS:
        raise ValueError(f"unknown catalog edition {edition!r}; expected one of {EDITIONS}")
    return DATA_DIR / f"specialties-{edition}.json"


def bundled_catalog(edition: str = DEFAULT_EDITION) -> Catalog:
    """The catalog shipped with the code (loaded once per process; the tree is immutable)."""
    return _bundled(edition)


@cache
def _bundled(edition: str) -> Catalog:
    return load_catalog(bundled_catalog_path(edition))
