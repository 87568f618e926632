"""The spreadsheet front ends: a workbook's sheets, rows and columns into provenance, merged ranges
filled out, CSV in UTF-8 and Shift_JIS; the Document is the one every other front end gives."""

import io

import pytest
from openpyxl import Workbook

from pipeline.extract import InputError, read_document
from pipeline.records import SourceRef


def workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "認定一覧"
    ws.append(["都道府県名", "作成主体名", "名称"])
    ws.append(["北海道", "旭川市", "計画A"])
    ws.append([None, "鷹栖町", "計画B"])
    ws.merge_cells("A2:A3")
    ws2 = wb.create_sheet("終了")
    ws2.append(["番号", None, "備考"])
    path = tmp_path / "list.xlsx"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_a_workbook_reads_as_lines_with_sheet_row_and_column(tmp_path):
    doc = read_document(workbook(tmp_path))
    assert doc.sheets == ("認定一覧", "終了")
    rows = [(line.page, line.lineno, line.cells, line.merged) for line in doc.lines]
    assert rows == [
        (1, 1, ("都道府県名", "作成主体名", "名称"), ()),
        (1, 2, ("北海道", "旭川市", "計画A"), ()),
        (1, 3, ("北海道", "鷹栖町", "計画B"), (0,)),  # the merged 都道府県名 filled out, and said so
        (2, 1, ("番号", "", "備考"), ()),
    ]
    ref = doc.ref(doc.lines[2], 2)
    assert (ref.sheet, ref.line, ref.column) == ("認定一覧", 3, "C")
    assert str(ref) == "list.xlsx:[認定一覧]:l3:cC"


def test_a_source_ref_without_sheet_or_column_prints_as_before():
    assert str(SourceRef("a.pdf", "x", 3, 12)) == "a.pdf:p3:l12"
    assert str(SourceRef("a.txt", "x", None, 5)) == "a.txt:l5"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_utf8_or_shift_jis(tmp_path, encoding):
    path = tmp_path / "list.csv"
    path.write_bytes('都道府県名,作成主体名,概要\r\n北海道,旭川市,"二行の\r\n概要"\r\n群馬県,安中市,x\r\n'.encode(encoding))
    doc = read_document(path)
    assert [(line.lineno, line.cells) for line in doc.lines] == [
        (1, ("都道府県名", "作成主体名", "概要")), (2, ("北海道", "旭川市", "二行の\n概要")), (4, ("群馬県", "安中市", "x"))]
    assert str(doc.ref(doc.lines[2], 1)) == "list.csv:l4:c2"


def test_a_file_that_is_not_a_workbook_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="broken.xlsx: not an Excel workbook"):
        read_document(path)
