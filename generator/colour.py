"""Colour maths for checks of printed material: WCAG 2.1 contrast, a passing shade of the same hue,
colour-vision simulation and CIE colour differences. Pure functions on "#RRGGBB" strings.

- `relative_luminance`, `contrast_ratio`: as WCAG 2.1 defines them (sRGB, D65).
- `passing_shade`: the nearest darker or lighter shade of a colour that reaches a contrast ratio
  against a background, found by varying CIE L* while the hue angle is kept (chroma is only
  reduced where the shade would otherwise fall outside sRGB).
- `simulate`: how a colour looks to people with protanopia, deuteranopia or tritanopia (Machado,
  Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB), or printed in grayscale (the
  gray of the same relative luminance).
- `delta_e`: CIEDE2000 (default) or CIE76 difference of two colours in CIELAB (D65).
"""

from __future__ import annotations

import math
import re
from typing import Literal

RGB = tuple[float, float, float]
Lab = tuple[float, float, float]
Vision = Literal["protanopia", "deuteranopia", "tritanopia", "grayscale"]

WHITE = "#FFFFFF"
BLACK = "#000000"

# WCAG 2.1 success criterion 1.4.3 (AA): normal text 4.5:1; large text (at least 18 pt, or 14 pt
# bold) 3:1. Criterion 1.4.11: graphical objects that must be seen 3:1.
AA_NORMAL = 4.5
AA_LARGE = 3.0
AA_NON_TEXT = 3.0

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")

# Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color
# Vision Deficiency", IEEE TVCG 15(6), table for severity 1.0; they act on linear RGB.
_MACHADO = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

# sRGB (D65) to CIE XYZ, and back (IEC 61966-2-1).
_TO_XYZ = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
_FROM_XYZ = (
    (3.2404542, -1.5371385, -0.4985314),
    (-0.9692660, 1.8760108, 0.0415560),
    (0.0556434, -0.2040259, 1.0572252),
)
_WHITE_XYZ = (0.95047, 1.0, 1.08883)


def parse(colour: str) -> tuple[int, int, int]:
    """ "#RRGGBB" (or "RRGGBB") as 0-255 integers; ValueError for anything else."""
    m = _HEX.match(colour.strip())
    if not m:
        raise ValueError(f"'{colour}' is not a colour written as #RRGGBB")
    value = m.group(1)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    """0-255 channels (rounded, clipped) as "#RRGGBB"."""
    return "#" + "".join(f"{min(255, max(0, round(c))):02X}" for c in rgb)


def _linear(channel: float) -> float:
    """One sRGB channel (0-1) to linear light, with the threshold WCAG 2.1 gives (0.03928)."""
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def _encode(channel: float) -> float:
    """Linear light (0-1) to an sRGB channel (0-1)."""
    channel = min(1.0, max(0.0, channel))
    return channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def linear_rgb(colour: str) -> RGB:
    r, g, b = parse(colour)
    return _linear(r / 255), _linear(g / 255), _linear(b / 255)


def _from_linear(rgb: RGB) -> str:
    return to_hex(tuple(_encode(c) * 255 for c in rgb))


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance: 0 for black, 1 for white."""
    r, g, b = linear_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 to 21; the order does not matter."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def _mul(m, v):
    return tuple(m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2] for i in range(3))


def _f(t: float) -> float:
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


def _f_inv(t: float) -> float:
    return t**3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)


def _lab_of_linear(rgb: RGB) -> Lab:
    x, y, z = (v / w for v, w in zip(_mul(_TO_XYZ, rgb), _WHITE_XYZ))
    fx, fy, fz = _f(x), _f(y), _f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _linear_of_lab(lab: Lab) -> RGB:
    L, a, b = lab
    fy = (L + 16) / 116
    xyz = (_f_inv(fy + a / 500) * _WHITE_XYZ[0], _f_inv(fy) * _WHITE_XYZ[1], _f_inv(fy - b / 200) * _WHITE_XYZ[2])
    return _mul(_FROM_XYZ, xyz)


def to_lab(colour: str) -> Lab:
    """CIELAB (D65) of an sRGB colour."""
    return _lab_of_linear(linear_rgb(colour))


def simulate(colour: str, vision: Vision) -> str:
    """How `colour` looks with a colour-vision deficiency (dichromacy, Machado et al. 2009), or
    printed in grayscale (a gray of the same relative luminance)."""
    rgb = linear_rgb(colour)
    if vision == "grayscale":
        y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        return _from_linear((y, y, y))
    if vision not in _MACHADO:
        raise ValueError(f"unknown vision '{vision}'; use one of {', '.join([*_MACHADO, 'grayscale'])}")
    return _from_linear(_mul(_MACHADO[vision], rgb))


def delta_e(a: str, b: str, method: Literal["2000", "76"] = "2000") -> float:
    """Colour difference of two colours: CIEDE2000 (default) or CIE76 (Euclidean in CIELAB).
    About 1 is just noticeable side by side; colours on separate cards need much more."""
    lab1, lab2 = to_lab(a), to_lab(b)
    if method == "76":
        return math.dist(lab1, lab2)
    return _ciede2000(lab1, lab2)


def _ciede2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 with kL = kC = kH = 1 (Sharma, Wu & Dalal 2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dLp = L2 - L1
    dCp = c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    Lp = (L1 + L2) / 2
    Cp = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp = (h1p + h2p + 360) / 2
    else:
        hp = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hp - 30))
        + 0.24 * math.cos(math.radians(2 * hp))
        + 0.32 * math.cos(math.radians(3 * hp + 6))
        - 0.20 * math.cos(math.radians(4 * hp - 63))
    )
    d_theta = 30 * math.exp(-(((hp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(Cp**7 / (Cp**7 + 25**7))
    sl = 1 + 0.015 * (Lp - 50) ** 2 / math.sqrt(20 + (Lp - 50) ** 2)
    sc = 1 + 0.045 * Cp
    sh = 1 + 0.015 * Cp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh))


def _in_gamut(rgb: RGB, eps: float = 1e-9) -> bool:
    return all(-eps <= c <= 1 + eps for c in rgb)


def _shade(lightness: float, chroma: float, hue: float) -> str:
    """The sRGB colour of CIE LCh(lightness, chroma, hue), with chroma reduced until it fits sRGB."""

    def linear(c: float) -> RGB:
        return _linear_of_lab((lightness, c * math.cos(hue), c * math.sin(hue)))

    rgb = linear(chroma)
    if not _in_gamut(rgb):
        low, high = 0.0, chroma
        for _ in range(18):
            mid = (low + high) / 2
            low, high = (mid, high) if _in_gamut(linear(mid)) else (low, mid)
        rgb = linear(low)
    return _from_linear(rgb)


def passing_shade(colour: str, background: str, ratio: float) -> str | None:
    """The shade of `colour` nearest to it (CIEDE2000) that has at least `ratio` contrast with
    `background`: darker or lighter, with the same hue angle in CIE LCh. `colour` itself (upper
    case) when it already passes; None when no shade of that hue can (e.g. 7:1 against mid gray)."""
    colour = to_hex(parse(colour))
    if contrast_ratio(colour, background) >= ratio:
        return colour
    L, a, b = to_lab(colour)
    chroma, hue = math.hypot(a, b), math.atan2(b, a)
    found = []
    for direction in (-1, 1):
        lightness = L
        while 0 <= lightness <= 100:
            shade = _shade(lightness, chroma, hue)
            if contrast_ratio(shade, background) >= ratio:
                found.append(shade)
                break
            lightness += direction * 0.25
        else:
            end = BLACK if direction < 0 else WHITE
            if contrast_ratio(end, background) >= ratio:
                found.append(end)
    if not found:
        return None
    return min(found, key=lambda shade: delta_e(colour, shade))
