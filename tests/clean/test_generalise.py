"""Rules added so that cleaning holds on layouts it was not tuned on (issue 13). Synthetic texts only."""

from __future__ import annotations

from pipelines.clean import clean_text
from pipelines.clean.classify import classify
from pipelines.clean.dump import naive_dump
from pipelines.clean.html import DEFAULT_OPTIONS, HtmlOptions, layout_share
from pipelines.clean.settings import SETTINGS

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
    assert len(ENGLISH) - 4 >= SETTINGS.dense_run_blocks
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


WRAPPED = """This note describes how the ferry timetable is kept by the harbour office,
who may change it, and how travellers are told about a change before it is
made. The office publishes the timetable on the first day of every month and
keeps the old one for a year, so that a traveller can see what was changed."""


def test_a_hard_wrapped_paragraph_is_judged_as_one_block() -> None:
    raw = "Ferry timetable notes\n\nHome\nNews\nContact\n\n" + WRAPPED + "\n\nAbout us\nJobs\n"
    doc = clean_text(raw)
    for line in WRAPPED.split("\n"):
        assert line in doc.body_text
    assert "Jobs" not in doc.body_text


def test_a_second_story_with_a_byline_after_a_comment_count_is_not_comments_in_a_dump() -> None:
    raw = (
        "Weekly edition\n\nBy Ann Smith\n\n"
        + "\n\n".join(ENGLISH[:4])
        + "\n\nComments (5 posted)\n\nThe second story of the week\n\nBy Jonathan Reed\n\n"
        + "\n\n".join(ENGLISH[4:])
        + "\n\nContact\n"
    )
    c = classify(raw)
    assert c.comment_range is None


def test_layout_tables_and_data_tables() -> None:
    assert layout_share("| Home | News |\n| Sport |  |\nA paragraph of text.") == 3 / 7
    assert layout_share("| City | Price |\n|---|---|\n| Oslo | 12 |\nA paragraph of text.") == 0.0


def test_naive_dump_keeps_title_blocks_and_line_breaks() -> None:
    html = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><title>A page</title>'
        "<style>p {}</style></head><body><div>First  block</div><script>x()</script>"
        "<p>line one<br>line two</p><!-- note --><pre>a  b\nc</pre></body></html>"
    )
    assert naive_dump(html) == "A page\n\nFirst block\n\nline one\nline two\n\na  b\nc\n"
