"""The specialty catalog in force, reloading it from a file, and the nodes closed per batch.

The catalog in the ``specialty_nodes`` table is the one the system uses. A database that holds
no rows for an edition gets the bundled file's rows on first use, so a fresh database works and a
later change of the bundled file never silently changes a catalog in use.

:func:`catalog` reads the edition's generation on every call (one one-row query) and rebuilds the
tree only when the generation differs from the one it last built from, so every process sees a
reload at once and no invalidation message is needed. A reload also writes every batch's row:
the batch's version is what applicants' cached views depend on.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import g, has_request_context
from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from server.accounts.actors import Actor
from server.audit.services import record
from server.batches.models import Batch
from server.errors import Conflict, InvalidInput, NotFound
from server.extensions import db
from server.kept import kept
from server.reference.catalog import DEFAULT_EDITION, EDITIONS, Catalog, CatalogError, bundled_catalog, load_catalog
from server.reference.changes import CatalogChanges, compare
from server.reference.models import CatalogEdition, ClosedSpecialty, SpecialtyNode
from server.reference.rows import Row, as_tuples, catalog_from_rows, check_fits_table, row_dicts
from server.transactions import atomic

CATALOG_SUBJECT = "specialty_catalog"

# edition -> (the generation it was built from, the catalog)
_built: dict[str, tuple[str, Catalog]] = {}


@dataclass(frozen=True, slots=True)
class ClosingChange:
    """What one save of a batch's closed nodes did."""

    closed: tuple[str, ...]  # newly closed
    opened: tuple[str, ...]  # newly opened again
    now_closed: frozenset[str]

    def summary(self) -> str:
        return f"新关闭{len(self.closed)}项，重新开放{len(self.opened)}项，当前共关闭{len(self.now_closed)}项"


def check_edition(edition: str) -> str:
    if edition not in EDITIONS:
        message = f"评标专业目录版本须为以下之一：{'、'.join(EDITIONS)}"
        raise InvalidInput(message, {"edition": message})
    return edition


def catalog(edition: str = DEFAULT_EDITION, batch: Batch | None = None) -> Catalog:
    """The catalog in force for ``edition`` (loads the bundled file into an empty table first);
    its generation is asked once per request (a save checks against it more than once) — or,
    given the request's batch, once per batch version: a reload touches every batch in its own
    transaction, so a version the request read names the generation it must use."""
    if batch is not None:
        return kept("catalog", (edition, batch.id, batch.version), lambda: _catalog(edition))
    if not has_request_context():
        return _catalog(edition)
    in_request = g.setdefault("catalogs", {})
    if edition not in in_request:
        in_request[edition] = _catalog(edition)
    return in_request[edition]


_GENERATION = select(CatalogEdition.generation).where(CatalogEdition.edition == bindparam("edition"))  # built once


def _catalog(edition: str) -> Catalog:
    check_edition(edition)
    generation = db.session.scalar(_GENERATION, {"edition": edition})
    if generation is None:
        return _load_bundled(edition)
    cached = _built.get(edition)
    if cached is not None and cached[0] == generation:
        return cached[1]
    built = catalog_from_rows(_read_rows(edition), standard=bundled_catalog(edition).standard,
                              source=f"specialty_nodes, edition {edition}")
    _built[edition] = (generation, built)
    return built


def _read_rows(edition: str) -> tuple[Row, ...]:
    query = (select(SpecialtyNode.code, SpecialtyNode.name, SpecialtyNode.level, SpecialtyNode.parent_code)
             .where(SpecialtyNode.edition == edition).order_by(SpecialtyNode.position))
    return as_tuples(db.session.execute(query))


def _in_force(edition: str) -> Catalog:
    """What :func:`catalog` would answer, without writing anything."""
    rows = _read_rows(edition)
    return catalog_from_rows(rows, standard=bundled_catalog(edition).standard) if rows else bundled_catalog(edition)


def _new_generation(edition: str) -> None:
    db.session.execute(delete(CatalogEdition).where(CatalogEdition.edition == edition))
    db.session.add(CatalogEdition(edition=edition, generation=uuid.uuid4().hex))
    if has_request_context():
        g.pop("catalogs", None)  # the rest of this request reads the new rows


@atomic
def _load_bundled(edition: str) -> Catalog:
    """First use of an empty table: write the bundled rows (joining a caller's write transaction).

    Inside a savepoint: if another process wrote them first, its rows are the same bundled file
    and ours are dropped without disturbing the caller's transaction.
    """
    bundled = bundled_catalog(edition)
    try:
        with db.session.begin_nested():
            db.session.execute(insert(SpecialtyNode), row_dicts(edition, bundled))
            _new_generation(edition)
            record(Actor.system(), "catalog.loaded", CATALOG_SUBJECT, edition, source="bundled",
                   added=len(bundled), removed=0, renamed=0)
    except IntegrityError:
        pass
    return bundled


@atomic
def load_catalog_file(edition: str, path: str | Path, actor: Actor) -> CatalogChanges:
    """Replace the edition's catalog with a corrected file, in one transaction.

    A bad file changes nothing: :class:`InvalidInput` whose message names the bad node. Closings
    of nodes the file removes are dropped with it (they could never be shown again).
    """
    check_edition(edition)
    path = Path(path)
    new = _read_file(path)
    old = _in_force(edition)
    changes = compare(old, new)
    db.session.execute(delete(SpecialtyNode).where(SpecialtyNode.edition == edition))
    db.session.execute(insert(SpecialtyNode), row_dicts(edition, new))
    _new_generation(edition)
    for batch in db.session.scalars(select(Batch)):
        batch.touch()
    dropped = _drop_closings(changes.removed) if edition == DEFAULT_EDITION else 0
    record(actor, "catalog.reloaded", CATALOG_SUBJECT, edition, file=path.name, **changes.counts,
           added_codes=list(changes.added), removed_codes=list(changes.removed),
           renamed_codes={code: [old[code].name, new[code].name] for code in changes.renamed},
           closings_dropped=dropped)
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict("评标专业目录正在被同时更新，请稍后重试") from None
    return changes


def _read_file(path: Path) -> Catalog:
    try:
        catalog_file = load_catalog(path)
        check_fits_table(catalog_file)
    except CatalogError as error:
        raise InvalidInput(error.message, {"file": error.message}) from error
    except FileNotFoundError:
        raise InvalidInput.field("file", f"找不到专业目录文件：{path}") from None
    except UnicodeDecodeError:
        raise InvalidInput.field("file", f"专业目录文件有误：{path.name} 不是UTF-8编码的文本") from None
    except OSError as error:
        raise InvalidInput.field("file", f"无法读取专业目录文件 {path}：{error.strerror}") from None
    return catalog_file


def _drop_closings(removed: tuple[str, ...]) -> int:
    if not removed:
        return 0
    result = db.session.execute(delete(ClosedSpecialty).where(ClosedSpecialty.code.in_(removed)))
    return result.rowcount or 0


# --- nodes closed for a batch ("灰色，不可选择") -------------------------------------------


def closed_codes(batch_id: int) -> frozenset[str]:
    """The codes closed for the batch as saved (their subtrees are closed too, see tree.py)."""
    query = select(ClosedSpecialty.code).where(ClosedSpecialty.batch_id == batch_id)
    return frozenset(db.session.scalars(query))


def closed_codes_of(batch: Batch) -> frozenset[str]:
    """What applicants' checks read on every save and submit: kept per app until the batch's
    version changes (a closing change touches the batch, see `set_closed_codes`)."""
    return kept("closed codes", (batch.id, batch.version), lambda: closed_codes(batch.id))


@atomic
def set_closed_codes(batch_id: int, codes: Iterable[str], actor: Actor) -> ClosingChange:
    """Make exactly ``codes`` the batch's closed nodes (codes of the default edition)."""
    known = catalog(DEFAULT_EDITION)
    batch = db.session.get(Batch, batch_id, with_for_update=True)
    if batch is None:
        raise NotFound("批次不存在")
    wanted = list(dict.fromkeys(str(code).strip() for code in codes))
    unknown = [code for code in wanted if code not in known]
    if unknown:
        message = f"以下专业编码不在评标专业目录中：{'、'.join(unknown)}"
        raise InvalidInput(message, {"codes": message})
    before = closed_codes(batch_id)
    closing = tuple(code for code in wanted if code not in before)
    opening = tuple(sorted(before - set(wanted)))
    if opening:
        db.session.execute(delete(ClosedSpecialty).where(ClosedSpecialty.batch_id == batch_id,
                                                         ClosedSpecialty.code.in_(opening)))
    db.session.add_all(ClosedSpecialty(batch_id=batch_id, code=code) for code in closing)
    batch.touch()
    record(actor, "batch.specialties_closed", "batch", batch_id, closed=list(closing), opened=list(opening))
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict("评标专业开放设置正在被同时修改，请刷新后重试") from None
    return ClosingChange(closing, opening, frozenset(wanted))
