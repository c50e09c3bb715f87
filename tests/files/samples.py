"""Files made on the spot for the upload specs: real images (Pillow) and PDFs (reportlab, pypdf),
good and bad. Nothing binary is committed."""
from __future__ import annotations

import os
import struct
import zlib
from io import BytesIO

from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

RED, BLUE = (220, 30, 30), (30, 30, 220)
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


def jpeg_with_exif(width: int = 400, height: int = 300, orientation: int = 6) -> bytes:
    """Left half red, right half blue; EXIF says "rotate 90° clockwise to show" (orientation 6),
    names a camera and a GPS position; an ICC profile and a comment come along."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Phone Maker"
    exif[0x0110] = "Phone Model X"
    exif.get_ifd(0x8825)[2] = (43.0, 49.0, 0.0)  # GPS latitude: Urumqi
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif.tobytes(), icc_profile=icc,
               comment=b"secret comment")
    return buffer.getvalue()


def jpeg(width: int = 300, height: int = 420) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 210, 230)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def png(width: int = 600, height: int = 400, transparent: bool = True) -> bytes:
    mode = "RGBA" if transparent else "RGB"
    image = Image.new(mode, (width, height), (0, 0, 0, 0) if transparent else (0, 0, 0))
    image.paste((20, 120, 60, 255) if transparent else (20, 120, 60), (0, 0, width // 2, height))
    buffer = BytesIO()
    image.save(buffer, "PNG", pnginfo=None)
    return buffer.getvalue()


def noise_png(width: int, height: int) -> bytes:
    """Incompressible pixels: the file is about width × height × 3 bytes."""
    buffer = BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG",
                                                                                 compress_level=1)
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A valid PNG header declaring width × height pixels, with a few bytes of (compressed) data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def pdf(text: str = "scan", pages: int = 1) -> bytes:
    """The same arguments give the same bytes (no timestamps, fixed document id)."""
    buffer = BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for page in range(pages):
        document.drawString(72, 720, f"{text} {page + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def _rewritten(change) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf())))
    change(writer)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(user_password: str = "") -> bytes:
    """Encrypted; with an empty user password it still opens without asking (owner password only)."""
    return _rewritten(lambda writer: writer.encrypt(user_password=user_password,
                                                    owner_password="owner-secret"))


def truncated_pdf() -> bytes:
    data = pdf(pages=3)
    return data[: len(data) * 2 // 3]


def _javascript_action(script: str = "app.alert('hi');") -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(script)})


def _link_with_action(writer: PdfWriter, action: DictionaryObject) -> None:
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100),
                                          FloatObject(100)]),
        NameObject("/A"): action})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _document_javascript(writer: PdfWriter) -> None:
    """Catalog /Names /JavaScript: run when the document opens."""
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([
        TextStringObject("startup"), writer._add_object(_javascript_action())])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _open_action(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = _javascript_action()


def _page_additional_action(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _javascript_action()})


def _launch(writer: PdfWriter) -> None:
    _link_with_action(writer, DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                                NameObject("/F"): TextStringObject("calc.exe")}))


def _indirect_javascript_name(writer: PdfWriter) -> None:
    """`/S 7 0 R` where object 7 is the name /JavaScript, and the script itself hidden likewise."""
    action = DictionaryObject({NameObject("/S"): writer._add_object(NameObject("/JavaScript")),
                               NameObject("/F"): TextStringObject("x")})
    _link_with_action(writer, action)


SCRIPTED_PDFS = {
    "document JavaScript (/Names /JavaScript)": lambda: _rewritten(_document_javascript),
    "JavaScript /OpenAction": lambda: _rewritten(_open_action),
    "page additional action /AA": lambda: _rewritten(_page_additional_action),
    "link with a /Launch action": lambda: _rewritten(_launch),
    "action type given by an indirect name": lambda: _rewritten(_indirect_javascript_name),
}


def pdf_with_attachment() -> bytes:
    return _rewritten(lambda writer: writer.add_attachment("payload.exe", b"MZ" + bytes(100)))


def oversized(prefix: bytes, size: int) -> bytes:
    """`size` bytes starting like a real file: the size check comes before any parsing."""
    return prefix + b"0" * (size - len(prefix))
