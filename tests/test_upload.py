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
        (b"1,2,a\n3,4,a\n", "2 to 6 values; found 1"),
        (b"".join(b"%d,2,%c\n" % (i, c) for i, c in enumerate(b"abcdefgabcdefg")), "2 to 6 values; found 7"),
        (b"1,2,a\n3,4,b\n5,6,a\n", "each class needs at least 2 points"),
        (
            b"1,2,a\n3,4,b\n5,6,c\n1,2,a\n3,4,b\n",
            "at least 2 points (one to train on, one to test); class 'c' has 1",
        ),
        (b"1,2,a\n" * 5001, "the file has more than 5000 points; at most 5000 are taken"),
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
        (
            b"a;b;c\n1,5;2;x\n3;4;y\n",
            "line 2: column 'a' is '1,5': write numbers with a decimal point",
            ("a", "1,5"),
        ),
        (b'a,b,c\n"1,234.5",2,x\n', "no thousands separator", ("a", "1,234.5")),
        (b"a,b,c\n1 234,2,x\n", "line 2: column 'a' is '1 234', with a thousands separator", ("a", "1 234")),
        (b"1,2,x\n1,12 cm,x\n", "line 2: x2 is '12 cm', a number with a unit ('cm')", ("12 cm", "cm")),
        (
            b"a,b,c\n1,2,x\n1e200,2,y\n",
            "line 3: column 'a' is '1e+200'; coordinates must lie between",
            ("a", "1e+200"),
        ),
        (b"1,2,x\n3,-1e200,y\n", "line 2: x2 is '-1e+200'; coordinates must lie between", ("-1e+200",)),
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
        read_points_csv(
            b"".join(b"1,2,%s\n" % c for c in (b"[x](http://a)", b"b", b"c", b"d", b"e", b"f", b"g"))
        )
    assert e.value.template == "the labels must take 2 to 6 values; found 7: {}, {}, {}, {}, {}, {}, {}"
    assert e.value.render(lambda q: f"<{q}>") == (
        "the labels must take 2 to 6 values; found 7: <[x](http://a)>, <b>, <c>, <d>, <e>, <f>, <g>"
    )


def test_three_to_six_labels_are_classes_in_sorted_order():
    p = read_points_csv(b"x1,x2,species\n1,2,fox\n3,4,cat\n5,6,dog\n1,1,fox\n2,2,cat\n3,3,dog\n")
    assert p.class_names == ("cat", "dog", "fox") and p.n_classes == 3
    assert p.y.tolist() == [2, 0, 1, 2, 0, 1] and p.classes == ("cat", "dog", "fox")


# Issue 15, item 3: a header places the columns by their names, whatever their order.
@pytest.mark.parametrize(
    ("header", "order"),
    [
        ("label,x1,x2", (1, 2, 0)),
        ("x1,label,x2", (0, 2, 1)),
        ("x1,x2,label", (0, 1, 2)),
        ("  Class ,petal length,petal width", (1, 2, 0)),
        ("TARGET;a;b", (1, 2, 0)),
        ("a\tcategory\tb", (0, 2, 1)),
        ("species|a|b", (1, 2, 0)),
        ("y,x1,x2", (1, 2, 0)),
        ("x1,x2,y", (0, 1, 2)),
        ("x,y,class", (0, 1, 2)),  # x, y are the axes when a column is named x
        ("class,x,y", (1, 2, 0)),
        ('"Label (0/1)",a,b', (1, 2, 0)),
        ("a,b,c", (0, 1, 2)),  # no name says label: the last column is, as without a header
    ],
)
def test_a_header_places_the_columns_by_name(header, order):
    separator = next((s for s in ";\t|" if s in header), ",")
    rows = [(0.5, -3.0, 1), (2.0, 4.0, 0), (-1.0, 0.25, 1), (3.0, 3.0, 0)]
    lines = [separator.join(str(row[order.index(k)]) for k in range(3)) for row in rows]
    p = read_points_csv(("\n".join([header, *lines]) + "\n").encode())
    np.testing.assert_array_equal(p.X, [row[:2] for row in rows])
    assert p.y.tolist() == [1, 0, 1, 0] and p.classes == (0, 1)
    names = [cell.strip().strip('"') for cell in header.split(separator)]
    assert p.axis_names == (names[order[0]], names[order[1]])


@pytest.mark.parametrize(
    ("data", "message", "quotes"),
    [
        (
            b"label,class,x\n1,0,2\n",
            "the header {} has two label columns, {} and {}; keep one and rename the other",
            ("label,class,x", "label", "class"),
        ),
        (b"x,label\n1,0\n", "the header {} has 2 columns; a file of points has 3", ("x,label",)),
        (b"a,b,c,label\n1,2,3,0\n", "the header {} has 4 columns; a file of points has 3", ("a,b,c,label",)),
        (b"a,A ,label\n1,2,0\n", "the header {} names the column {} twice", ("a,A,label", "A")),
        (b"label,a,b\n1,2\n", "line 2 has 2 columns; the header has 3", ()),
        (b"label,a,b\n1,2,oops\n", "line 2: column {} must be a number, got {}", ("b", "oops")),
    ],
)
def test_a_header_that_cannot_be_placed_is_refused_by_name(data, message, quotes):
    with pytest.raises(UploadError) as e:
        read_points_csv(data)
    assert e.value.template.startswith(message) and e.value.quotes == quotes


@pytest.mark.parametrize(
    ("labels", "classes", "names"),
    [
        (["0", "1"], (0, 1), ("0", "1")),
        (["-1", "+1"], (-1, 1), ("-1", "1")),
        (["0.0", "1.0"], (0.0, 1.0), ("0", "1")),
        (["1", "1.0", "2.5"][1:], (1.0, 2.5), ("1", "2.5")),
        (["cat", "dog"], ("cat", "dog"), ("cat", "dog")),
        (["False", "True"], ("False", "True"), ("False", "True")),
    ],
)
def test_the_classes_keep_the_kind_the_file_wrote(labels, classes, names):
    rows = [f"{i},{i % 3},{labels[i % 2]}" for i in range(6)]
    p = read_points_csv(("\n".join(rows) + "\n").encode())
    assert p.classes == classes and [type(c) for c in p.classes] == [type(c) for c in classes]
    assert p.class_names == names


def test_a_first_coordinate_in_scientific_notation_is_a_point_not_a_header():
    p = read_points_csv(b"-3e-03,1,-1\n2,.5,+1\n1E2,3,-1\n4,5,+1\n")
    np.testing.assert_array_equal(p.X, [[-0.003, 1], [2, 0.5], [100, 3], [4, 5]])
    assert p.axis_names == ("x1", "x2") and p.classes == (-1, 1)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "١٢",
            "x1 must be a number, got '١٢'",
        ),  # Arabic-Indic digits: float() takes them, the script's reader too
        ("1_000", "x1 must be a number, got '1_000'"),
        ("12 kg", "x1 is '12 kg', a number with a unit ('kg')"),
        ("5%", "x1 is '5%', a number with a unit ('%')"),
        ("0x10", "x1 must be a number, got '0x10'"),
        ("inf", "x1 must be finite, got 'inf'"),
    ],
)
def test_a_number_is_written_in_ascii_digits(cell, message):
    with pytest.raises(UploadError, match=re.escape(f"line 2: {message}")):
        read_points_csv(f"1,2,a\n{cell},2,b\n3,4,a\n5,6,b\n".encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"1,5;2;x\n3;4;y\n", "line 1: x1 is '1,5': write numbers with a decimal point"),
        (b"12 cm,3 cm,x\n3,4,y\n", "line 1: x1 is '12 cm', a number with a unit ('cm')"),
        (
            b"cat,1,2\ndog,3,4\n",
            "line 1: x1 must be a number, got 'cat' (a file without a header has the "
            "columns x1, x2, label; a header line such as label,x1,x2",
        ),
    ],
)
def test_a_first_line_of_numbers_written_for_people_is_named_not_taken_for_a_header(data, message):
    with pytest.raises(UploadError, match=re.escape(message)):
        read_points_csv(data)
