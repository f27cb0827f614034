"""shown.py: print a workbook's first sheet as CSV of the values shown.

Usage: shown.py FILE

What LibreOffice's CSV export prints (lo-roundtrip.sh), from openpyxl
where LibreOffice is not installed: text as it is, dates in their
yyyy-mm-dd format, percents in 0.00%, other numbers as General shows
them; text quoted ("" for a quote inside), numbers and dates not.
"""
import sys

import openpyxl


def shown(c):
    v = c.value
    if v is None:
        return ""
    if c.data_type == "d":
        if c.number_format != "yyyy-mm-dd":
            sys.exit("shown.py: %s: unexpected date format %s"
                     % (c.coordinate, c.number_format))
        return v.strftime("%Y-%m-%d")
    if c.data_type == "n":
        if c.number_format == "0.00%":
            return "%.2f%%" % (v * 100)
        if c.number_format != "General":
            sys.exit("shown.py: %s: unexpected number format %s"
                     % (c.coordinate, c.number_format))
        return "%d" % v if v == int(v) else repr(v)
    return '"%s"' % str(v).replace('"', '""')


ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
for row in ws.iter_rows():
    print(",".join(shown(c) for c in row))
