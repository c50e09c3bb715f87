"""The text of an OFD document (GB/T 33190, the format China's e-invoices are also issued in).

An OFD file is a zip of XML: each page's (and page template's) `Content.xml` holds `TextObject`s
placed by a `Boundary` ("x y w h", millimetres from the top left) with `TextCode` runs inside. An
invoice prints its labels in the template and its values on the page, so the runs of all content
files are laid out together by position and read line by line, left to right, which gives the
same "label: value" text a PDF of the same invoice gives.

The XML is read with expat and refused if it declares a DOCTYPE or entities: an OFD never needs
them, and they are how XML bombs and external-entity tricks work.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

from server.payments.invoices.zips import ZipMember, read_members

MAX_OFD_MEMBERS = 200
LINE_TOLERANCE_MM = 1.5  # runs whose baselines differ by less are on one line

NOT_OFD = "OFD 文件格式不正确（缺少 OFD.xml）"
BAD_XML = "OFD 文件内容无法读取（XML 格式错误或含有不允许的声明）"


class OfdError(ValueError):
    """The message is the Chinese reason."""


@dataclass(frozen=True)
class _Run:
    y: float
    x: float
    text: str


class _DeclarationRefused(Exception):
    pass


def _refuse(*_args: object) -> None:
    raise _DeclarationRefused


def _floats(value: str | None, count: int) -> list[float]:
    try:
        parts = [float(part) for part in (value or "").split()]
    except ValueError:
        parts = []
    return (parts + [0.0] * count)[:count]


class _Collector:
    """expat handlers that keep each TextCode's text and place (its TextObject's origin + X, Y)."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []
        self._origin = (0.0, 0.0)
        self._place: tuple[float, float] | None = None
        self._text: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "TextObject":
            x, y = _floats(attributes.get("Boundary"), 2)
            self._origin = (x, y)
        elif local == "TextCode":
            dx, dy = _floats(attributes.get("X"), 1)[0], _floats(attributes.get("Y"), 1)[0]
            self._place, self._text = (self._origin[0] + dx, self._origin[1] + dy), []

    def end(self, name: str) -> None:
        if name.rsplit(" ", 1)[-1] == "TextCode" and self._place is not None:
            text = "".join(self._text).strip()
            if text:
                self.runs.append(_Run(y=self._place[1], x=self._place[0], text=text))
            self._place = None

    def characters(self, data: str) -> None:
        if self._place is not None:
            self._text.append(data)


def _runs(xml: bytes) -> list[_Run]:
    """Every TextCode in one content file, at its place on the page."""
    collector = _Collector()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.characters
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, _DeclarationRefused):
        raise OfdError(BAD_XML) from None
    return collector.runs


def _lines(runs: list[_Run]) -> list[str]:
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and run.y - lines[-1][0].y < LINE_TOLERANCE_MM:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [" ".join(run.text for run in sorted(line, key=lambda r: r.x)) for line in lines]


def _content_files(members: list[ZipMember]) -> list[ZipMember]:
    if not any(member.name.lower() == "ofd.xml" for member in members):
        raise OfdError(NOT_OFD)
    return [member for member in members if member.name.lower().endswith("content.xml")]


def ofd_text(data: bytes) -> str:
    """The document's text, a line per printed line (raises OfdError, or ZipRefused for the zip)."""
    runs: list[_Run] = []
    for member in _content_files(read_members(data, max_members=MAX_OFD_MEMBERS)):
        runs += _runs(member.data)
    return "\n".join(_lines(runs))
