"""Dossier fixtures: the small card in tests/fixtures/dossier assessed with the engine-test rulesets.

PDFs are slow (about a second each), so each (target, language) is rendered once per test session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.dossier.inputs import DossierInputs, gather
from compliance.dossier.outline import load_outline
from compliance.dossier.render import RenderedDossier, dossier_html, dossier_pdf
from compliance.rulesets import Catalog, load_catalog

from ..conftest import ROOT, TEST_RULESETS, TESTS

FIXTURE_CARD = TESTS / "fixtures" / "dossier" / "card.yaml"
AS_OF = "2028-09-01"
EXAMPLE = ROOT / "examples" / "medtriage" / "card.yaml"
EXAMPLE_AS_OF = "2026-11-25"


def kind_titles(catalog: Catalog, lang: str) -> dict[str, str]:
    return {k.id: k.title.get(lang) for k in catalog.vocabulary.kinds.values()}


@pytest.fixture(scope="session")
def test_catalog() -> Catalog:
    return load_catalog(TEST_RULESETS)


@pytest.fixture(scope="session")
def fixture_inputs(test_catalog: Catalog) -> DossierInputs:
    return gather(FIXTURE_CARD, (), AS_OF, test_catalog)


def inputs_for(card: Path, catalog: Catalog) -> DossierInputs:
    return gather(card, (), AS_OF, catalog)


@pytest.fixture(scope="session")
def html_of(fixture_inputs: DossierInputs, test_catalog: Catalog) -> Callable[[str, str], RenderedDossier]:
    cache: dict[tuple[str, str], RenderedDossier] = {}

    def render(target: str, lang: str) -> RenderedDossier:
        if (target, lang) not in cache:
            cache[target, lang] = dossier_html(fixture_inputs, target, lang, "regulation",
                                               kind_titles(test_catalog, lang))
        return cache[target, lang]
    return render


@pytest.fixture(scope="session")
def pdf_of(fixture_inputs: DossierInputs, test_catalog: Catalog) -> Callable[[str, str], RenderedDossier]:
    cache: dict[tuple[str, str], RenderedDossier] = {}

    def render(target: str, lang: str) -> RenderedDossier:
        if (target, lang) not in cache:
            cache[target, lang] = dossier_pdf(fixture_inputs, target, lang, "regulation",
                                              kind_titles(test_catalog, lang))
        return cache[target, lang]
    return render


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_catalog()


def example_renderer(card: Path, as_of: str, catalog: Catalog) -> Callable[[str, str], RenderedDossier]:
    """PDFs of an example card, each (target, language) rendered once, assessed with the target's rulesets."""
    cache: dict[tuple[str, str], RenderedDossier] = {}
    inputs: dict[tuple[str, ...], DossierInputs] = {}

    def render(target: str, lang: str) -> RenderedDossier:
        if (target, lang) not in cache:
            rulesets = load_outline(target).rulesets
            if rulesets not in inputs:
                inputs[rulesets] = gather(card, rulesets, as_of, catalog)
            cache[target, lang] = dossier_pdf(inputs[rulesets], target, lang, "regulation", kind_titles(catalog, lang))
        return cache[target, lang]
    return render


@pytest.fixture(scope="session")
def example(shipped: Catalog) -> Callable[[str, str], RenderedDossier]:
    """The medtriage example's dossiers as PDFs."""
    return example_renderer(EXAMPLE, EXAMPLE_AS_OF, shipped)
