"""A visitor's own CSV file: read into points and class names, or refused with a message."""

import re

import numpy as np
import pytest

from playground.upload import read_points_csv


def test_read_points_csv_with_header_and_word_labels():
    X, y, names = read_points_csv(b"x1,x2,label\n1,2,dog\n3,4.5,cat\n-1,0,dog\n2,2,cat\n")
    np.testing.assert_array_equal(X, [[1, 2], [3, 4.5], [-1, 0], [2, 2]])
    assert names == ["cat", "dog"] and y.tolist() == [1, 0, 1, 0]


def test_read_points_csv_semicolons_numeric_labels_no_header():
    X, y, names = read_points_csv(b"1;2;-1\n3;4;1.0\n5;6;-1\n7;8;1\n")
    assert names == ["-1", "1"] and y.tolist() == [0, 1, 0, 1] and X.shape == (4, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00\x01", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"a\x00b,c,d\n", "binary"),
        (b"1,2\n3,4\n", "line 1 has 2 columns; expected 3"),
        (b"1,2,a\n3,oops,b\n", "line 2: x1 and x2 must be numbers, got '3' and 'oops'"),
        (b"1,2,a\n3,nan,b\n", "line 2: x1 and x2 must be finite"),
        (b"1,2,a\n3,4,\n", "line 2 has no label"),
        (b"1,2,a\n3,4,a\n", "exactly two values; found 1"),
        (b"1,2,a\n3,4,b\n5,6,c\n", "exactly two values; found 3"),
        (b"1,2,a\n3,4,b\n5,6,a\n", "each class needs at least 2 points"),
        (b"1,2,a\n" * 5001, "the file has 5001 rows; the playground takes at most 5000"),
    ],
)
def test_read_points_csv_names_what_is_wrong(data, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_points_csv(data)
