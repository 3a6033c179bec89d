"""The demo companies' logos, drawn here so the repository carries no image files.

Deterministic: the same facts give the same PNG bytes, so a second demo run finds the
logo unchanged.
"""

import io

SIZE = 128


def logo_png(background: str, mark: str) -> bytes:
    """A rounded square in ``background`` with a white ``mark`` ('bubbles' or 'mountain')."""
    from PIL import Image, ImageDraw

    # Drawn at 4x and reduced: smooth edges without anti-aliasing support in ImageDraw.
    scale = 4
    size = SIZE * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=28 * scale, fill=background)
    white = (255, 255, 255, 255)
    if mark == "bubbles":
        for x, y, r in ((46, 82, 22), (82, 56, 15), (58, 38, 9), (88, 92, 8)):
            draw.ellipse(((x - r) * scale, (y - r) * scale, (x + r) * scale, (y + r) * scale),
                         outline=white, width=6 * scale)
    elif mark == "mountain":
        draw.polygon([(p[0] * scale, p[1] * scale) for p in ((18, 100), (52, 40), (70, 70),
                                                              (84, 52), (110, 100))], fill=white)
        draw.polygon([(p[0] * scale, p[1] * scale) for p in ((44, 54), (52, 40), (60, 54),
                                                              (52, 50))], fill=background)
    else:
        raise ValueError(f"unknown logo mark {mark!r}")
    image = image.resize((SIZE, SIZE), Image.LANCZOS)
    data = io.BytesIO()
    image.save(data, format="PNG", optimize=True)
    return data.getvalue()
