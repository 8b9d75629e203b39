"""Synthetic decks for the benchmark: realistic Swedish and Danish questions of 60-160 characters."""

from __future__ import annotations

import random
from pathlib import Path

OPENINGS = {
    "sv": [
        "Berätta om en situation där",
        "Hur arbetar du för att",
        "Vad betyder det för dig när",
        "Hur kan vi tillsammans se till att",
        "Berätta om ett samarbete där",
        "Vad gör du när",
    ],
    "da": [
        "Fortæl om en situation, hvor",
        "Hvordan arbejder du for at",
        "Hvad betyder det for dig, når",
        "Hvordan kan vi sammen sikre, at",
        "Fortæl om et samarbejde, hvor",
        "Hvad gør du, når",
    ],
}
MIDDLES = {
    "sv": [
        "barnets perspektiv tas till vara",
        "skolan och socialtjänsten möts",
        "vårdnadshavare blir delaktiga",
        "barnrättsperspektivet genomsyrar arbetet",
        "en annan verksamhet gör ett riktigt bra jobb",
        "tilliten mellan professionerna växer",
        "elevhälsan och barn- och ungdomspsykiatrin samverkar",
    ],
    "da": [
        "barnets perspektiv bliver inddraget",
        "skolen og socialforvaltningen mødes",
        "forældremyndighedsindehaverne bliver inddraget",
        "tværfagligt samarbejde gør en forskel",
        "myndighedssagsbehandleren og tilbuddet arbejder sammen",
        "netværket bliver en del af løsningen",
        "børnekonventionen præger hverdagen",
    ],
}
ENDINGS = {
    "sv": ["i ditt arbete", "på din arbetsplats", "i mötet med familjen", "när det är svårt", "redan från början"],
    "da": ["i dit arbejde", "på din arbejdsplads", "i mødet med familien", "når det er svært", "helt fra starten"],
}


def question(rng: random.Random, lang: str) -> str:
    while True:
        parts = [rng.choice(OPENINGS[lang]), rng.choice(MIDDLES[lang]), rng.choice(ENDINGS[lang])]
        if rng.random() < 0.5:
            parts.insert(2, "och " + rng.choice(MIDDLES[lang]) if lang == "sv" else "og " + rng.choice(MIDDLES[lang]))
        text = " ".join(parts) + "?"
        if 60 <= len(text) <= 160:
            return text


def questions(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """(language, question) pairs, half Swedish and half Danish."""
    rng = random.Random(seed)
    return [(("sv", "da")[i % 2], question(rng, ("sv", "da")[i % 2])) for i in range(count)]


def write_deck(folder: Path, count: int) -> tuple[Path, Path]:
    """Write a kort deck and the same strings as plain text (one per line) for the baseline."""
    folder.mkdir(parents=True, exist_ok=True)
    items = questions(count)
    deck = folder / f"bench-{count}.yaml"
    lines = ["kind: deck", "language: sv", f"title: Bänkmingel {count}", "questions:"]
    lines += [f'  - id: q{i}\n    text: "{text}"' for i, (_lang, text) in enumerate(items)]
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    strings = folder / f"bench-{count}.txt"
    strings.write_text("\n".join(text for _lang, text in items) + "\n", encoding="utf-8")
    return deck, strings
