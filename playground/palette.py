"""The product's colours, one source for the Plotly figures and the browser player.

Okabe & Ito's palette, distinguishable with every common colour-vision deficiency and legible on
light and dark backgrounds: class 0 is blue and class 1 orange on every chart of every page.
"""

CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0 (blue), class 1 (orange)
LOSS_COLOR = "#D55E00"  # vermillion: loss curves
ACCURACY_COLOR = "#009E73"  # bluish green: accuracy curves, ROC
# further series (compared runs, a third curve), in the order they are used
SERIES_COLORS = ("#D55E00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442", "#0072B2", "#E69F00")
# Streamlit's own charts (.streamlit/config.toml chartCategoricalColors) use these, in this order
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
SPLIT_DASH = {"train": "solid", "test": "dash"}  # train solid, test dashed, on every chart


def as_dict() -> dict:
    """The palette as JSON-ready data, for the player."""
    return {
        "classes": list(CLASS_COLORS),
        "loss": LOSS_COLOR,
        "accuracy": ACCURACY_COLOR,
        "series": list(SERIES_COLORS),
    }


# The learning views (Update, Landscape). Text sizes for their Plotly figures: legible on a
# screen-share. The landscape's sequential scale is Cividis, made for colour-vision deficiencies:
# dark is low J, yellow high; the path is drawn in vermillion and white over it.
FONT_SIZE = 14
TITLE_SIZE = 15
LANDSCAPE_SCALE = "Cividis"
PATH_COLOR = LOSS_COLOR
MARK_COLOR = "#FFFFFF"  # the outline of the path's start, end and shown epoch: visible on every shade
