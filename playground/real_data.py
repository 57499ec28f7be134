"""Real data shipped with the playground: small two-feature problems of two or three classes, read from
CSV files in playground/data/ by the same reader as a visitor's upload. Sources and licences are in
README.md."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .points import Points
from .upload import read_points_csv

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class RealData:
    title: str  # what the Dataset box shows
    file: str
    source: str  # who measured it; README.md names the licence
    n_classes: int = 2  # the file's labels (tests/test_datasets.py checks the count)


REAL_DATA = {
    "iris": RealData(
        "Iris: versicolor vs virginica",
        "iris.csv",
        "R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0",
    ),
    "iris3": RealData(
        "Iris: three species",
        "iris3.csv",
        "R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0",
        n_classes=3,
    ),
    "cancer": RealData(
        "Breast cancer: radius and texture",
        "breast_cancer.csv",
        "W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995), UCI Machine Learning Repository, CC BY 4.0",
    ),
}


@cache
def load(name: str) -> Points:
    """The points of a shipped dataset (read once; the arrays are read-only, so sharing them between
    visitors is safe)."""
    points = read_points_csv((DATA_DIR / REAL_DATA[name].file).read_bytes())
    points.X.flags.writeable = False
    points.y.flags.writeable = False
    return points
