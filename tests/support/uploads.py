"""Files made by the tests themselves: good pictures and the malicious files of issue 3."""

import io
import struct
import zlib

from PIL import Image

from tests.support.factories import jpeg_bytes


def png_bytes(width=40, height=30, mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (10, 200, 30, 128) if mode == "RGBA" else 0).save(
        buffer, "PNG"
    )
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_declaring(width, height):
    """A small, valid-looking PNG whose header claims `width` by `height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def jpeg_with_script():
    return jpeg_bytes() + b"<script>alert(document.cookie)</script>"


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 200
