"""Scenes: one-click lessons. Each sets every control (the defaults plus its changes) and says in one
sentence what to watch. tests/test_scenes.py checks that each run shows what its sentence claims.
"""

from dataclasses import dataclass, field, replace

from .settings import Settings


@dataclass(frozen=True)
class Scene:
    key: str  # the URL's ?scene= value
    title: str
    sentence: str  # what to watch, shown as the page's title while the scene is on
    changes: dict = field(default_factory=dict)  # Settings fields that differ from the defaults
    log_scale: bool = False  # the view the lesson reads best in
    page: str = "app_pages/playground.py"  # where the Lessons gallery opens it (every page takes ?scene=)

    @property
    def settings(self) -> Settings:
        return replace(Settings(), **self.changes).validated()


SCENES = (
    Scene(
        "linear",
        "A straight line is enough",
        "Two blobs a straight line separates: watch the boundary settle and the gradient norm fall.",
        {"dataset": "linear", "degree": 1},
    ),
    Scene(
        "xor",
        "XOR needs x1·x2",
        "No straight line splits XOR; at degree 2 the feature x1·x2 does it, and L1 keeps almost only it.",
        {"dataset": "xor", "degree": 2, "penalty": "l1", "alpha": 0.02},
    ),
    Scene(
        "circles",
        "Circles need degree 2",
        "x1² + x2² is a circle: with squared features the boundary closes into a ring.",
        {"dataset": "circles", "degree": 2},
    ),
    Scene(
        "too-large-step",
        "Too large a learning rate",
        "A step of 100 overshoots the valley: the loss jumps up and, 50 epochs on, is still above its start.",
        {"learning_rate": 100.0},
    ),
    Scene(
        "unscaled",
        "Why standardise",
        "Unscaled, x1⁶ runs into the thousands and a step of 1 explodes; Standardise on, the same step "
        "descends.",
        {"degree": 6, "standardize": False},
    ),
    Scene(
        "l1",
        "L1 zeroes useless features",
        "Of 27 features L1 keeps a handful: the other weights are exactly 0 and leave the equation.",
        {"degree": 6, "penalty": "l1", "alpha": 0.01, "epochs": 1000},
    ),
    Scene(
        "newton",
        "Newton in a handful of steps",
        "Newton's method uses the curvature: under 10 epochs to the optimum, where gradient descent needs "
        "thousands.",
        {"optimizer": "newton"},
    ),
    Scene(
        "overfit",
        "Overfitting",
        "27 weights for 30 noisy training points: the test loss turns up early while the train loss keeps "
        "falling.",
        {
            "n_samples": 60,
            "noise": 0.5,
            "seed": 1,
            "test_size": 0.5,
            "degree": 6,
            "penalty": "none",
            "epochs": 5000,
        },
        log_scale=True,
    ),
    Scene(
        "imbalance",
        "One orange point in ten",
        "With 10% class 1 the intercept leans to blue; on Evaluate, any t below ½ finds more orange points "
        "(recall up) for less precision.",
        # overlap, so t has something to trade; 2000 points, so the test split's 50 orange points trade
        # precision for recall at every t below ½ (at 300, t = 0.44 raised both: 8 points are too few)
        {"dataset": "linear", "degree": 1, "balance": 0.1, "noise": 1.0, "n_samples": 2000},
    ),
    Scene(
        "sgd",
        "Mini-batch noise",
        "Each SGD step sees 8 points and moves 5 times their gradient: the train loss jitters instead of "
        "falling smoothly.",
        # at a step of 1 the train loss wiggled by under 1 % of the chart: only the test line showed it
        {"optimizer": "sgd", "batch_size": 8, "learning_rate": 5.0, "epochs": 100},
    ),
    Scene(
        "iris",
        "Real flowers",
        "Two iris species by petal size (Fisher, 1936): a line separates all but a few flowers.",
        {"dataset": "iris", "degree": 1},
    ),
    Scene(
        "cancer",
        "Real tumours",
        "Tumour radius and texture (Wisconsin, 1995): a straight boundary gets about 9 in 10 right.",
        {"dataset": "cancer", "degree": 1},
    ),
    Scene(
        "three-blobs",
        "Three classes, three lines meet",
        "Softmax gives each blob a score z_k: the three lines where two scores tie meet at one point, and "
        "each blob gets a wedge.",
        {"dataset": "blobs", "n_classes": 3, "degree": 1},
    ),
    Scene(
        "spiral-arms",
        "Three spiral arms need features",
        "No straight lines split three spiral arms (about 1 in 3 right at degree 1); degree-5 features "
        "curl the boundaries round them.",
        # noise 0.1 keeps the arms apart; α = 1e-4 and 1000 epochs let degree 5 get 9 points in 10 right
        {"dataset": "spiral", "n_classes": 3, "noise": 0.1, "degree": 5, "alpha": 1e-4, "epochs": 1000},
    ),
    Scene(
        "iris3",
        "Three iris species",
        "Three iris species by petal size: setosa stands apart, every flower right; versicolor and "
        "virginica overlap, a few mixed up.",
        {"dataset": "iris3", "degree": 1},
    ),
    Scene(
        "one-vs-rest",
        "Softmax against one-vs-rest",
        "Four close blobs: on the One-vs-rest page, four separate binary models leave zones no model or two "
        "claim; softmax has none.",
        {"dataset": "blobs", "n_classes": 4, "noise": 0.5, "degree": 1},
        page="app_pages/one_vs_rest.py",
    ),
)
SCENE_BY_KEY = {s.key: s for s in SCENES}


def scene_of(settings: Settings) -> Scene | None:
    """The scene whose settings these are, if any."""
    return next((s for s in SCENES if s.settings == settings), None)
