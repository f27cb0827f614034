"""check.py: print an .xlsx workbook's cells, types and layout, read with openpyxl.

Usage: check.py FILE|-  ("-": read the workbook from stdin)

An independent reader for lb's .xlsx output (lib/xlsxout.c writes with
libxlsxwriter).  For each sheet it prints

    sheet NAME rows=N frozen=CELL filter=RANGE
    A1 s text [fmt=FORMAT] [bold]        one line per cell with a value
    widths A=12 B=9 ...                  column widths, rounded down

where the type is openpyxl's: s text, n number, d date (printed
YYYY-MM-DD), b boolean, f formula.  Text is printed with \\n, \\t and \\\\
escaped; text over 80 characters as <N chars: first...last>.
"""
import io
import sys

import openpyxl


def text(v):
    s = str(v)
    if len(s) > 80:
        s = "<%d chars: %s...%s>" % (len(s), s[:10], s[-10:])
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def value(c):
    if c.data_type == "d":
        v = c.value
        if (v.hour, v.minute, v.second) == (0, 0, 0):
            return v.strftime("%Y-%m-%d")
        return v.isoformat()
    if c.data_type == "n":
        return repr(c.value)
    return text(c.value)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "-"
    if src == "-":
        src = io.BytesIO(sys.stdin.buffer.read())
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        print("sheet %s rows=%d frozen=%s filter=%s"
              % (ws.title, ws.max_row, ws.freeze_panes, ws.auto_filter.ref))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                line = "%s %s %s" % (c.coordinate, c.data_type, value(c))
                if c.number_format != "General":
                    line += " fmt=" + c.number_format
                if c.font is not None and c.font.b:
                    line += " bold"
                print(line)
        widths = sorted(ws.column_dimensions.items(),
                        key=lambda kv: (len(kv[0]), kv[0]))
        print("widths " + " ".join("%s=%d" % (k, int(d.width))
                                   for k, d in widths if d.width))


main()
