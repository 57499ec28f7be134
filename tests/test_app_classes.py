"""The Classes control and K-class runs on the Playground page (issue 18), in Streamlit's AppTest."""

import numpy as np
import pytest
from app_support import app, data

from playground.settings import MAX_WORK


def classes_slider(at):
    return [w for w in at.sidebar.slider if w.label == "Classes"]


def test_the_classes_control_shows_for_the_shapes_that_take_k() -> None:
    at = app()
    assert not classes_slider(at)  # moons has two classes
    (dataset,) = [w for w in at.sidebar.selectbox if w.label == "Dataset"]
    dataset.set_value("blobs").run()
    (k,) = classes_slider(at)
    assert k.value == 2 and (k.min, k.max) == (2, 6) and k.help
    k.set_value(4).run()
    assert not at.exception
    d = data(at)
    assert d["n_classes"] == 4 and sorted(set(d["points"]["y"])) == [0, 1, 2, 3]
    assert at.query_params["n_classes"] in (["4"], "4")  # the link carries it
    # the two-class share does not act on K equal classes: its slider is greyed out
    (balance,) = [w for w in at.sidebar.slider if w.label == "Class 1 share"]
    assert balance.disabled


def test_a_link_with_n_classes_opens_that_run() -> None:
    at = app(dataset="spiral", n_classes="3", degree="3")
    assert not at.exception and not at.warning
    d = data(at)
    assert d["n_classes"] == 3 and d["class_names"] == ["0", "1", "2"]
    assert len(d["points"]["y"]) == 300 and np.bincount(d["points"]["y"]).tolist() == [100, 100, 100]


@pytest.mark.parametrize("text", ["7", "1", "4.5", "٣", "-2"])
def test_a_bad_n_classes_in_a_link_is_named_and_ignored(text: str) -> None:
    at = app(dataset="blobs", n_classes=text)
    assert not at.exception
    (warning,) = at.warning
    assert "Classes" in warning.value and "must be an integer from 2 to 6" in warning.value
    assert data(at)["n_classes"] == 2


def test_iris_three_species_is_offered_with_its_source() -> None:
    at = app(dataset="iris3", degree="1")
    assert not at.exception
    d = data(at)
    assert d["class_names"] == ["setosa", "versicolor", "virginica"] and d["n_classes"] == 3
    assert any("Fisher" in c.value for c in at.sidebar.caption)


def test_the_worst_k_is_capped_and_says_so() -> None:
    at = app(dataset="blobs", n_classes="6", n_samples="5000", degree="6", epochs="5000")
    assert not at.exception
    d = data(at)
    assert d["n_epochs"] * 5000 * 28 * 6 <= MAX_WORK
    assert any("capped" in c.value and "fewer classes" in c.value for c in at.caption)
