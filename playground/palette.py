"""The product's chart style, one source for the Plotly figures and the browser player: colours and
type sizes.

Okabe & Ito's palette, distinguishable with every common colour-vision deficiency and legible on
light and dark backgrounds: class 0 is blue and class 1 orange on every chart of every page, and
classes 2 to 5 (softmax runs of up to six classes) bluish green, vermillion, reddish purple and sky
blue. Okabe-Ito's yellow is left out: on a white page it is the one colour a point of it barely shows
against. Type is sized for a shared 1280x720 screen: tick labels at least 12 px.
"""

# class k's colour and its name in words (the drawing's class picker, captions): one per class, 6 at most
CLASS_COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
CLASS_COLOR_NAMES = ("blue", "orange", "green", "vermillion", "purple", "sky blue")
LOSS_COLOR = "#D55E00"  # vermillion: loss curves
ACCURACY_COLOR = "#009E73"  # bluish green: accuracy curves, ROC
# further series (compared runs, a third curve), in the order they are used
SERIES_COLORS = ("#D55E00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442", "#0072B2", "#E69F00")
# Streamlit's own charts (.streamlit/config.toml chartCategoricalColors) use these, in this order
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
SPLIT_DASH = {"train": "solid", "test": "dash"}  # train solid, test dashed, on every chart
FONT_SIZE = 13  # px: axis titles, legends, hover labels
TICK_FONT_SIZE = 12  # px: tick labels
# above this many points, WebGL (scattergl) draws them, in the player and in every view's figures:
# SVG markers cost a DOM node each and slow every redraw past it
MANY_POINTS = 1500


def as_dict() -> dict:
    """The style as JSON-ready data, for the player."""
    return {
        "classes": list(CLASS_COLORS),
        "loss": LOSS_COLOR,
        "accuracy": ACCURACY_COLOR,
        "series": list(SERIES_COLORS),
        "font_size": FONT_SIZE,
        "tick_font_size": TICK_FONT_SIZE,
        "many_points": MANY_POINTS,
    }


TITLE_SIZE = 15  # px: a figure's title
# Lines that are references, not data (chance, J*, p = ½): mid grey, visible on white and on black
REFERENCE_COLOR = "rgba(128, 128, 128, 0.9)"
# The loss landscape's sequential scale is Cividis, made for colour-vision deficiencies: dark is
# low J, yellow high; the path is drawn in vermillion and white over it.
LANDSCAPE_SCALE = "Cividis"
PATH_COLOR = LOSS_COLOR
MARK_COLOR = "#FFFFFF"  # the outline of the path's start, end and shown epoch: visible on every shade
