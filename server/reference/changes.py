"""What a catalog reload changes: nodes added, removed and renamed (codes decide identity)."""
from __future__ import annotations

from dataclasses import dataclass

from server.reference.catalog import Catalog


@dataclass(frozen=True, slots=True)
class CatalogChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[str, ...]
    catalog: Catalog  # the catalog now in force

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "renamed": len(self.renamed)}

    def summary(self) -> str:
        """Chinese one-liner for the CLI and the console."""
        sizes = "、".join(f"{label}{len(self.catalog.nodes_at(level))}项"
                         for level, label in ((1, "一级"), (2, "二级"), (3, "三级")))
        return (f"共{len(self.catalog)}项（{sizes}）；"
                f"新增{len(self.added)}项，删除{len(self.removed)}项，更名{len(self.renamed)}项")


def compare(old: Catalog, new: Catalog) -> CatalogChanges:
    added = tuple(node.code for node in new if node.code not in old)
    removed = tuple(node.code for node in old if node.code not in new)
    renamed = tuple(node.code for node in new if node.code in old and old[node.code].name != node.name)
    return CatalogChanges(added, removed, renamed, new)
