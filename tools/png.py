#!/usr/bin/env python3
"""A minimal PNG writer and histogram plot with the standard library only
(zlib and struct): Debian's python3 has no plotting library, and the
benchmark must not need one. Axis numbers use a 3x5 pixel digit font."""
import struct
import zlib

DIGITS = {  # 3x5 font, rows top to bottom, bits left to right
    "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7],
    "4": [5, 5, 7, 1, 1], "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1],
    "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7],
}


def write_png(path, width, height, pixels):
    """pixels: rows of (r, g, b) tuples."""
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def _text(img, x, y, s, color, scale=2):
    for ch in s:
        rows = DIGITS.get(ch)
        if rows is not None:
            for r, bits in enumerate(rows):
                for c in range(3):
                    if bits >> (2 - c) & 1:
                        for dy in range(scale):
                            for dx in range(scale):
                                yy, xx = y + r * scale + dy, x + c * scale + dx
                                if 0 <= yy < len(img) and 0 <= xx < len(img[0]):
                                    img[yy][xx] = color
        x += 4 * scale


def histogram_png(path, values, bins=40, width=640, height=320):
    """Bars of how many values fall in each of `bins` equal ranges; the x
    axis is labelled with the minimum and maximum, the y axis with the
    largest count."""
    lo, hi = min(values), max(values)
    span = max(hi - lo, 1)
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) * bins / span), bins - 1)] += 1
    top = max(counts)
    img = [[(255, 255, 255)] * width for _ in range(height)]
    left, bottom, plot_w, plot_h = 50, height - 30, width - 70, height - 60
    for i, n in enumerate(counts):
        bar_h = n * plot_h // top
        x0 = left + i * plot_w // bins
        x1 = left + (i + 1) * plot_w // bins - 1
        for y in range(bottom - bar_h, bottom):
            for x in range(x0, x1):
                img[y][x] = (40, 90, 170)
    for x in range(left - 2, left + plot_w):
        img[bottom][x] = (0, 0, 0)
    for y in range(bottom - plot_h, bottom + 1):
        img[y][left - 2] = (0, 0, 0)
    _text(img, left, bottom + 8, str(lo), (0, 0, 0))
    _text(img, left + plot_w - 8 * len(str(hi)), bottom + 8, str(hi), (0, 0, 0))
    _text(img, 4, bottom - plot_h, str(top), (0, 0, 0))
    _text(img, 4, bottom - 10, "0", (0, 0, 0))
    write_png(path, width, height, img)
