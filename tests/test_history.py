"""Tests for lr.history: the growable record and the frozen History it hands out."""

import dataclasses

import numpy as np
import pytest

from lr.history import History, Record


def test_record_grows_by_doubling_and_keeps_its_rows():
    record = Record(3, rows=4)
    record.theta[:4] = np.arange(12.0).reshape(4, 3)
    record.train_loss[:4] = [0.7, 0.6, 0.5, 0.4]
    record.reserve(4)
    assert record.capacity == 4
    record.reserve(5)
    assert record.capacity == 8  # at least double: appends stay amortised O(1)
    np.testing.assert_array_equal(record.theta[:4], np.arange(12.0).reshape(4, 3))
    np.testing.assert_array_equal(record.train_loss[:4], [0.7, 0.6, 0.5, 0.4])
    assert np.isnan(record.train_loss[4:]).all() and np.isnan(record.grad_norm).all()
    record.reserve(100)
    assert record.capacity == 100


@pytest.mark.parametrize(("fit_intercept", "has_test"), [(True, True), (False, False)])
def test_history_views(fit_intercept, has_test):
    record = Record(3 if fit_intercept else 2)
    record.theta[:3] = 1.0
    h = record.history(2, 2, fit_intercept, has_test)
    assert isinstance(h, History) and h.n_epochs == 2
    assert h.w.shape == (3, 2) and h.b.shape == (3,)
    np.testing.assert_array_equal(h.b, 1.0 if fit_intercept else 0.0)
    assert (h.test_loss is not None) is has_test and (h.test_acc is not None) is has_test
    assert np.shares_memory(h.w, record.theta)  # views, not copies
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.w = None
