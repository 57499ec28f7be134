"""A visitor's own CSV file: read into points and class names, or refused with a message."""

import re

import numpy as np
import pytest

from playground.upload import UploadError, read_points_csv


def test_read_points_csv_with_header_and_word_labels():
    p = read_points_csv(b"x1,x2,label\n1,2,dog\n3,4.5,cat\n-1,0,dog\n2,2,cat\n")
    np.testing.assert_array_equal(p.X, [[1, 2], [3, 4.5], [-1, 0], [2, 2]])
    assert p.class_names == ("cat", "dog") and p.y.tolist() == [1, 0, 1, 0]


def test_read_points_csv_semicolons_numeric_labels_no_header():
    p = read_points_csv(b"1;2;-1\n3;4;1.0\n5;6;-1\n7;8;1\n")
    assert p.class_names == ("-1", "1") and p.y.tolist() == [0, 1, 0, 1] and p.X.shape == (4, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00\x01", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"a\x00b,c,d\n", "binary"),
        (b"1,2\n3,4\n", "line 1 has 2 columns; expected 3"),
        (b"1,2,a\n3,oops,b\n", "line 2: x2 must be a number, got 'oops'"),
        (b"1,2,a\n3,nan,b\n", "line 2: x2 must be finite, got 'nan'"),
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


def test_quoted_fields_may_hold_the_separator():
    p = read_points_csv(b'x1,x2,label\n1,2,"cat, big"\n3,4,dog\n5,6,"cat, big"\n7,8,dog\n')
    assert p.class_names == ("cat, big", "dog") and p.y.tolist() == [0, 1, 0, 1]


def test_the_header_names_the_axes():
    p = read_points_csv(b"petal length (cm);petal width;species\n1;2;a\n3;4;b\n1;2;a\n3;4;b\n")
    assert p.axis_names == ("petal length (cm)", "petal width")
    assert read_points_csv(b"1,2,a\n3,4,b\n1,2,a\n3,4,b\n").axis_names == ("x1", "x2")


@pytest.mark.parametrize(
    "data",
    [
        b"1,2,a,\n3,4,b,\n5,6,a,\n7,8,b,\n",
        b"1\t2\ta\n3\t4\tb\n5\t6\ta\n7\t8\tb\n",
        b"1|2|a\n3|4|b\n5|6|a\n7|8|b\n",
    ],
    ids=["trailing separator", "tabs", "bars"],
)
def test_common_spreadsheet_exports_are_read(data):
    p = read_points_csv(data)
    assert p.X.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]] and p.y.tolist() == [0, 1, 0, 1]


@pytest.mark.parametrize(
    ("data", "message", "quotes"),
    [
        (b"a;b;c\n1,5;2;x\n3;4;y\n", "line 2: x1 is '1,5': write numbers with a decimal point", ("1,5",)),
        (b'a,b,c\n"1,234.5",2,x\n', "no thousands separator", ("1,234.5",)),
        (b"a,b,c\n1 234,2,x\n", "line 2: x1 is '1 234', with a thousands separator", ("1 234",)),
        (b"a,b,c\n1,12 cm,x\n", "line 2: x2 is '12 cm', a number with a unit ('cm')", ("12 cm", "cm")),
        (b"a,b,c\n1,2,x\n1e200,2,y\n", "line 3: x1 is '1e200'; coordinates must lie between", ("1e200",)),
        (b"1,2," + b"x" * 41 + b"\n3,4,y\n", "line 1: the label is 41 characters long; at most 40", ()),
        (b"x1,x2,label\n", "the file has a header but no points", ()),
    ],
)
def test_numbers_written_for_people_are_named(data, message, quotes):
    with pytest.raises(UploadError, match=re.escape(message)) as e:
        read_points_csv(data)
    assert e.value.quotes == quotes


def test_the_files_own_text_is_kept_apart_from_the_sentence():
    with pytest.raises(UploadError) as e:
        read_points_csv(b"1,2,[x](http://a)\n3,4,b\n5,6,c\n")
    assert e.value.template == "the labels must take exactly two values; found 3: {}, {}, {}"
    assert e.value.render(lambda q: f"<{q}>") == (
        "the labels must take exactly two values; found 3: <[x](http://a)>, <b>, <c>"
    )
