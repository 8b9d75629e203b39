"""Fixed strings on generated material, translated with gettext catalogs managed by Babel."""

from __future__ import annotations

import functools
import gettext
import io

from .resources import package_path

DOMAIN = "kort"
LOCALES = {"sv": "sv_SE", "da": "da_DK"}  # Babel locales
TAGS = {"sv": "sv-SE", "da": "da-DK"}  # BCP 47 tags for the PDF's /Lang


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """Return the catalog for `lang`: the compiled .mo, or the .po compiled in memory."""
    folder = package_path("locale", lang, "LC_MESSAGES")
    mo = folder / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    po = folder / f"{DOMAIN}.po"
    if not po.is_file():
        raise LookupError(f"no message catalog for language '{lang}'")
    # A source checkout has only the .po (the build compiles .mo); compile it the same way here.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(lang: str):
    """Return a `_()` function for `lang`."""
    return translations(lang).gettext
