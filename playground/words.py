"""A run's settings in words, as the sidebar's controls show them: the sidebar's boxes, the offline
file's header and Compare's legend all write a setting's value through `in_words`, so the three
say "Breast cancer: radius and texture", "L2 (ridge)" and "0.001" alike."""

from lr.datasets import MULTICLASS_DATASETS
from lr.optimizers import OPTIMIZERS

from .real_data import REAL_DATA
from .settings import PENALTY_LABELS, Settings, classes_of

GENERATED_ONLY = ("n_samples", "noise", "balance")  # what a real dataset or a file does not use


def in_words(name: str, value: object) -> str:
    """The value of the setting `name` as its control shows it: "Moons", "Iris: versicolor vs
    virginica", "L2 (ridge)", "Gradient descent", "on", "0.001"."""
    if name == "dataset":
        return REAL_DATA[value].title if value in REAL_DATA else str(value).capitalize()
    if name == "penalty":
        return PENALTY_LABELS.get(value, str(value))
    if name == "optimizer":
        return OPTIMIZERS[value].label
    if name == "standardize":
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def acts(settings: Settings, name: str) -> bool:
    """Whether the setting `name` plays a part in this run (Newton uses no learning rate, a shipped
    dataset no noise, …); a file shows as the dataset."""
    method = OPTIMIZERS[settings.optimizer]
    if name == "learning_rate":
        return method.uses_learning_rate
    if name == "batch_size":
        return method.uses_batches
    if name == "alpha":
        return settings.penalty != "none"
    generated = not settings.upload and settings.dataset not in REAL_DATA
    if name == "n_classes":
        return generated and settings.dataset in MULTICLASS_DATASETS
    if name == "balance":  # K ≥ 3 classes come in equal shares
        return generated and classes_of(settings) == 2
    if name in GENERATED_ONLY:
        return generated
    return name != "upload"
