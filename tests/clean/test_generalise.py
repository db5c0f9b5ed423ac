"""Rules added so that cleaning holds on layouts it was not tuned on (issue 13). Synthetic texts only."""

from __future__ import annotations

from pipelines.clean import clean_text
from pipelines.clean.classify import DENSE_RUN_BLOCKS, classify
from pipelines.clean.html import DEFAULT_OPTIONS, HtmlOptions

SPANISH = [
    "El ayuntamiento anunció ayer que el puente más antiguo de la ciudad cerrará durante seis meses para "
    "reparaciones urgentes, tras detectar grietas en dos arcos principales durante una inspección rutinaria.",
    "Los comerciantes de la zona temen perder clientes mientras duren las obras, aunque reconocen que la "
    "intervención era inevitable después de conocerse el informe técnico elaborado por los ingenieros.",
    "Las autoridades prometieron habilitar rutas alternativas y reforzar el transporte público en los "
    "barrios del este, donde se esperan mayores retrasos durante las horas punta de cada jornada laboral.",
    "Según el calendario publicado por el ayuntamiento, los trabajos comenzarán el primer lunes del mes "
    "próximo y concluirán antes del invierno, siempre que las condiciones meteorológicas lo permitan.",
]

ENGLISH = [
    f"Paragraph {n} of the story tells what happened in the harbour town when the old ferry stopped running, "
    "and how the people who depended on it found other ways to get to work in the city every morning."
    for n in range(12)
]


def test_text_in_another_language_is_judged_by_length() -> None:
    raw = (
        "Cierre del puente | Diario\n\nInicio\nDeportes\nEconomía\n\n"
        + "\n\n".join(SPANISH)
        + "\n\nContacto\n"
    )
    doc = clean_text(raw)
    for p in SPANISH:
        assert p in doc.body_text
    assert "Deportes" not in doc.body_text


def test_a_comments_statistic_does_not_start_the_comment_section() -> None:
    raw = (
        "A story | Site\n\n"
        + "\n\n".join(ENGLISH[:3])
        + "\n\nComments:\n1664\nHits:\n20000\n\n"
        + "\n\n".join(ENGLISH[3:])
    )
    doc = clean_text(raw)
    assert not doc.comments
    for p in ENGLISH:
        assert p in doc.body_text


def test_a_second_article_after_a_comment_count_is_not_comments_in_extracted_text() -> None:
    assert len(ENGLISH) - 4 >= DENSE_RUN_BLOCKS
    raw = (
        "Weekly edition\n\n"
        + "\n\n".join(ENGLISH[:4])
        + "\n\nComments (5 posted)\n\n"
        + "\n\n".join(ENGLISH[4:])
    )
    c = classify(raw, extracted=True)
    kinds = {it.text: it.kind for it in c.items}
    assert all(kinds[p] == "body" for p in ENGLISH)
    assert c.comment_range is None


def test_html_options_default_and_passthrough() -> None:
    assert HtmlOptions(favor_recall=True) == DEFAULT_OPTIONS
    raw = "Title line\n\nCookie settings\n\n" + ENGLISH[0] + "\n\n" + "A reader's comment on the story."
    comments_at = raw.index("A reader")
    c = classify(raw, extracted=True, comments_at=comments_at, rules=False)
    kinds = [it.kind for it in c.items]
    assert kinds == ["title", "body", "body", "comment"]
    assert c.comment_range == (3, 4)
