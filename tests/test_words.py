"""A run's settings in words: the sidebar, the offline file's header and Compare's legend say each
setting's value alike (playground/words.py), and the legend names only what differs between runs."""

from dataclasses import replace

import pytest
from app_support import app

from playground.comparison import labels
from playground.experiment import run_experiment
from playground.offline import settings_in_words
from playground.settings import ALPHAS, LABELS, LEARNING_RATES, LIMITS, STEPS, Settings
from playground.words import in_words

S = Settings(epochs=1)


@pytest.fixture(scope="module")
def sidebar() -> dict[str, list[str]]:
    """What the sidebar's choice controls show, by the Settings field they set."""
    at = app()
    assert not at.exception
    shown = {}
    for kind in ("selectbox", "radio", "select_slider"):
        for w in getattr(at.sidebar, kind):
            shown[w.key] = list(w.options)
    return shown


def header(settings: Settings) -> dict[str, str]:
    return dict(settings_in_words(run_experiment(settings)))


@pytest.mark.parametrize("name", LIMITS["dataset"])
def test_every_dataset_is_named_alike_in_the_three_places(sidebar, name) -> None:
    title = in_words("dataset", name)
    assert sidebar["dataset"][LIMITS["dataset"].index(name)] == title
    assert header(replace(S, dataset=name))[LABELS["dataset"]] == title
    other = "xor" if name != "xor" else "moons"
    legend = labels([replace(S, dataset=name), replace(S, dataset=other)])
    assert legend == [f"{LABELS['dataset']} {title}", f"{LABELS['dataset']} {in_words('dataset', other)}"]


def test_a_real_dataset_has_its_title_everywhere() -> None:
    assert in_words("dataset", "cancer") == "Breast cancer: radius and texture"
    assert labels([replace(S, dataset="cancer"), S])[0] == "Dataset Breast cancer: radius and texture"


# each field with values the sidebar offers; every other setting stays at its default
CHOICES = {
    "penalty": list(LIMITS["penalty"]),
    "optimizer": list(LIMITS["optimizer"]),
    "alpha": ALPHAS[:2] + ALPHAS[-1:],
    "learning_rate": LEARNING_RATES[:1] + LEARNING_RATES[-2:],
}


@pytest.mark.parametrize("field", CHOICES)
def test_the_choices_are_named_alike_in_the_three_places(sidebar, field) -> None:
    values = CHOICES[field]
    for value, other in zip(values, values[1:] + values[:1], strict=True):
        words = in_words(field, value)
        assert words in sidebar[field]
        settings = replace(S, **{field: value})
        assert header(settings)[LABELS[field]] == words
        # the legend names this setting alone, with the control's name before its value
        legend = labels([settings, replace(S, **{field: other})])[0]
        assert legend == (
            words if field == "optimizer" else f"{LABELS[field]}{' = ' if field in STEPS else ' '}{words}"
        )
