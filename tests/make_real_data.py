"""Regenerate the shipped iris files in playground/data/ from scikit-learn's bundled copy of Fisher's iris.

    python tests/make_real_data.py

iris3.csv: the petal length and width (cm) of all 150 flowers, three species; iris.csv: the 100
versicolor and virginica rows of the same, the two-class set the playground offers. Rows keep
scikit-learn's order (as UCI's file), numbers are written as short as they print ("4" for 4.0).
tests/test_datasets.py checks that the shipped files equal what this script writes.
"""

from pathlib import Path

from sklearn.datasets import load_iris

DATA_DIR = Path(__file__).resolve().parent.parent / "playground" / "data"
HEADER = "petal length (cm),petal width (cm),species"
FILES = {"iris3.csv": ("setosa", "versicolor", "virginica"), "iris.csv": ("versicolor", "virginica")}


def iris_csv(species: tuple[str, ...]) -> str:
    """The CSV text of the petal columns for the given species: a header, then one row per flower."""
    iris = load_iris()
    petal = iris.data[
        :, [iris.feature_names.index("petal length (cm)"), iris.feature_names.index("petal width (cm)")]
    ]
    names = iris.target_names[iris.target]
    rows = [
        f"{length:g},{width:g},{name}"
        for (length, width), name in zip(petal, names, strict=True)
        if name in species
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def main() -> None:
    for file, species in FILES.items():
        (DATA_DIR / file).write_text(iris_csv(species), newline="\n")


if __name__ == "__main__":
    main()
