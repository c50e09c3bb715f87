"""Read a generated PDF back the way a viewer would: its text, its fonts, its rendered pixels, its QR codes."""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def fonts(pdf: bytes) -> list[DictionaryObject]:
    """Every font dictionary used by any page (a Type0 font is listed with its descendant)."""
    found: list[DictionaryObject] = []
    for page in reader(pdf).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            found.append(font)
            found += [d.get_object() for d in font.get("/DescendantFonts", [])]
    return found


def embedded_file_keys(font: DictionaryObject) -> set[str]:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return set()
    return {key for key in descriptor.get_object() if key.startswith("/FontFile")}


def decode_qr(pdf: bytes, page: int = 1, dpi: int = 150) -> list[str]:
    """Render one page with pdftoppm and read every QR code on it with zbarimg."""
    for tool, package in (("pdftoppm", "poppler-utils"), ("zbarimg", "zbar-tools")):
        assert shutil.which(tool), f"{tool} is needed: apt-get install -y {package}"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                        "-singlefile", str(source), str(Path(tmp) / "page")],
                       check=True, capture_output=True, timeout=60)
        found = subprocess.run(["zbarimg", "--raw", "-q", str(Path(tmp) / "page.png")],
                               capture_output=True, text=True, timeout=60)
    return [line for line in found.stdout.splitlines() if line]


def dark_pixels_per_page(pdf: bytes, dpi: int = 50) -> list[int]:
    """Render with poppler's pdftoppm (as a viewer without our fonts would) and count dark pixels."""
    assert shutil.which("pdftoppm"), "pdftoppm is needed: apt-get install -y poppler-utils"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")],
                       check=True, capture_output=True, timeout=60)
        counts = []
        for png in sorted(Path(tmp).glob("page*.png")):
            with Image.open(png) as image:
                histogram = image.convert("L").histogram()
            counts.append(sum(histogram[:128]))
        return counts


def image_xobjects(pdf: bytes) -> list[dict]:
    """Every image XObject drawn on any page, with its size and filter."""
    found = []
    for page in reader(pdf).pages:
        resources = page["/Resources"]
        for ref in resources.get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append({"width": xobject["/Width"], "height": xobject["/Height"],
                              "filter": xobject.get("/Filter")})
    return found


def page_count(pdf: bytes) -> int:
    return len(reader(pdf).pages)
