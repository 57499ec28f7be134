"""What a teacher, a candidate and a visitor met on the K-class pages (issue 18's review), in AppTest
and on the figures: words that assumed two classes, labels cut short, maps squashed, a link's value
dropped without a word."""

from app_support import app

from playground.grid import logits_on_grid, points_view
from playground.loss_surface import PCA, Directions, landscape
from playground.maths import display_lines, parts
from playground.one_vs_rest import regions
from playground.reports import class_report
from playground.scenes import SCENE_BY_KEY
from playground.settings import Settings
from playground.ui import runs
from playground.viz.compare_figures import boundaries_figure
from playground.viz.evaluate_figures import class_confusion_figure, class_regions_figure
from playground.viz.landscape_figures import landscape_figure
from playground.viz.one_vs_rest_figures import one_vs_rest_figure, softmax_figure

TWO_CLASS_TITLE = " ".join(
    [
        "**Logistic Regression Playground** — watch gradient descent learn the boundary",
        "(**Space**: play or pause).",
    ]
)


def _slider(at, label: str):
    (s,) = [w for w in at.sidebar.slider if w.label == label]
    return s


def test_the_class_1_share_says_why_it_is_greyed_out_for_k_classes() -> None:
    at = app(dataset="blobs", n_classes="4")
    share = _slider(at, "Class 1 share")
    assert share.disabled and "equal" in share.help and "orange" not in share.help
    two = _slider(app(dataset="blobs"), "Class 1 share")  # two classes: the words as before
    assert two.help == "The fraction of points in class 1 (orange): the model's intercept follows it."


def test_the_playground_title_speaks_of_k_classes_in_no_more_room() -> None:
    at = app(dataset="blobs", n_classes="4")
    titles = [m.value for m in at.main.markdown if "Logistic Regression Playground" in m.value]
    assert titles and "learn 4 classes (" in titles[0]
    assert len(titles[0]) <= len(TWO_CLASS_TITLE)  # "the boundaries" wrapped onto a second line at 1280 px
    (discretize,) = [t for t in at.sidebar.toggle if t.label == "Discretize"]
    assert discretize.help.startswith("4 flat colours")
    two = [m.value for m in app().main.markdown if "Logistic Regression Playground" in m.value]
    assert two[0] == TWO_CLASS_TITLE


def test_iris_species_names_fit_whole_under_the_confusion_matrix() -> None:
    at = app("app_pages/evaluate.py", dataset="iris3", degree="1")
    assert not at.exception
    exp = runs.experiment(Settings(dataset="iris3", degree=1).validated())
    report = next(iter(class_report(exp, 10).values()))
    fig = class_confusion_figure(report, "test", tuple(exp.class_names))
    ticks = " ".join(fig.layout.xaxis.ticktext)
    assert "versicolor" in ticks and "virginica" in ticks and "…" not in ticks


def test_one_vs_rest_maps_of_iris_fill_their_frame() -> None:
    """Iris's petals are 6 cm long and 2.5 cm wide: one unit as long on both axes left a strip 80 px
    high beside the legend; the maps fill their frame, as the player's does. Blobs keep round units."""
    for settings, anchor in (
        (Settings(dataset="iris3", degree=1).validated(), None),
        (Settings(dataset="blobs", n_classes=3, degree=1).validated(), "x"),
    ):
        exp = runs.experiment(settings)
        r = regions(exp, runs.one_vs_rest(settings), 50)
        points = points_view(exp)
        Z = logits_on_grid(exp, points.bounds, epoch=50)
        for fig in (
            one_vs_rest_figure(points, r),
            softmax_figure(points, r),
            class_regions_figure(points, Z),
        ):
            assert fig.layout.yaxis.scaleanchor == anchor


def test_maths_opens_on_softmax_for_a_k_class_run() -> None:
    """A teacher showing softmax lands on its formulas first, the sigmoid's after them."""
    softmax = [display_lines(p.formula) for p in parts() if p.softmax]
    binary = [display_lines(p.formula) for p in parts() if not p.softmax]
    at = app("app_pages/maths.py", dataset="blobs", n_classes="3")
    assert softmax[0] in at.main.latex[0].value and binary[0] in at.main.latex[len(softmax)].value
    two = app("app_pages/maths.py")  # two classes: as before, the sigmoid first
    assert binary[0] in two.main.latex[0].value and softmax[0] in two.main.latex[len(binary)].value


def test_the_landscape_title_keeps_its_long_claim_on_a_line_of_its_own() -> None:
    """ "only epoch 500 lies on this surface: the other directions keep their values of epoch 500" ran
    past the chart's right edge at 1280×720 (a 4-class run, and two classes at degree 2 alike)."""
    exp = runs.experiment(Settings(dataset="blobs", n_classes=4).validated())
    ls = landscape(exp.trainer, exp.trainer.history.n_epochs, Directions(PCA))
    layout = landscape_figure(ls).layout
    first, second = layout.title.text.split("<br>")
    assert first.startswith("J − J_min, log scale") and second.startswith("only epoch")
    assert len(first) < 60 and layout.margin.t >= 50


def test_a_links_classes_on_two_class_data_is_named_not_dropped_silently() -> None:
    at = app(dataset="moons", n_classes="6")
    assert not at.exception
    (warning,) = at.warning
    assert "Classes `6` is not used: Moons has 2 classes (Classes is for Blobs and Spiral)" in warning.value
    at = app(dataset="iris3", n_classes="5", degree="1")
    (warning,) = at.warning
    assert "Classes `5` is not used: Iris: three species has 3 classes" in warning.value
    assert not app(dataset="blobs", n_classes="5").warning  # where Classes acts: no word


def test_the_offline_players_help_names_the_k_classes_regions() -> None:
    at = app(dataset="blobs", n_classes="4", epoch="10")
    (offline,) = [b for b in at.sidebar.get("download_button") if b.proto.label.startswith("Offline")]
    assert "the 4 classes' regions and boundaries" in offline.proto.help
    (two,) = [
        b for b in app(epoch="10").sidebar.get("download_button") if b.proto.label.startswith("Offline")
    ]
    assert "without a server: the boundary, the loss curves" in two.proto.help  # two classes: as before


def test_the_one_vs_rest_lesson_says_what_to_watch_on_its_page() -> None:
    """The Lessons card opens One-vs-rest; its sentence was shown nowhere there."""
    scene = SCENE_BY_KEY["one-vs-rest"]
    at = app("app_pages/one_vs_rest.py", scene="one-vs-rest")
    assert any(scene.sentence in c.value for c in at.main.caption)
    plain = app("app_pages/one_vs_rest.py", dataset="blobs", n_classes="4")
    assert not any(scene.sentence in c.value for c in plain.main.caption)


def test_compare_pales_k_class_points_under_the_runs_lines() -> None:
    """With five classes the points wear five of the runs' own colours: at full strength a teacher could
    not tell run 2's green line from class 2's green points."""
    exp = runs.experiment(Settings(dataset="blobs", n_classes=4).validated())
    points = points_view(exp)
    Z = logits_on_grid(exp, points.bounds)
    fig = boundaries_figure(points, [Z], ["run"], ["#D55E00"])
    dots = [t for t in fig.data if t.type in ("scatter", "scattergl")]
    assert dots and all(t.marker.opacity <= 0.4 for t in dots)
    lines = [t for t in fig.data if t.type == "contour"]
    assert len(lines) >= 3
    two = runs.experiment(Settings().validated())
    view = points_view(two)
    fig = boundaries_figure(view, [logits_on_grid(two, view.bounds)], ["run"], ["#D55E00"])
    assert all(t.marker.opacity == 0.9 for t in fig.data if t.type == "scatter")  # two classes: as before


def test_one_vs_rest_with_two_classes_names_every_way_to_three() -> None:
    at = app("app_pages/one_vs_rest.py")
    (info,) = at.main.info
    assert "Iris: three species" in info.value and "a file of 3 to 6 labels" in info.value


def test_a_links_classes_on_a_drawing_name_the_drawings_own_count() -> None:
    import numpy as np

    from playground import drawing

    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(c, 0.3, (6, 2)) for c in ([-1.5, -1.0], [1.5, -1.0], [0.0, 1.5])])
    code = drawing.encode(drawing.from_points(X, np.repeat([0, 1, 2], 6), (-3.0, 3.0, -3.0, 3.0)))
    at = app(drawn=code, n_classes="5")
    (warning,) = at.warning
    assert "Classes `5` is not used: this data has 3 classes" in warning.value  # the drawing's, not 2
